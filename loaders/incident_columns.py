"""The documented columns of an incident extract, and how a user maps differently
named columns onto them (a CSV file `field,column`, or `--column field=column`)."""

import csv
import difflib
import io
import re

from loaders.incident_locations import LOCATION_FIELDS, LOCATION_NAMES
from loaders.problems import LoadRefused, Problems
from loaders.read_text import decode, fetch
from queries.strands import CORE_STRANDS

REQUIRED_FIELDS = {
    "incident_id": "the offence's reference, unique in the file",
    "offence_date": "the date of the offence: 2024-06-10 or 10/06/2024 (a time of day is ignored)",
    "borough": "borough name (any common spelling) or GSS code (E09000007)",
    "offence_type": "offence type, e.g. Public order",
    **{key: f"1/0, true/false, Y/N or yes/no: flagged for the {key.replace('_', ' ')} strand"
       for key in CORE_STRANDS},
}
OPTIONAL_FIELDS = {
    "ward_code": "GSS ward code (E05...), may be empty",
    "outcome": "outcome text, may be empty",
    **LOCATION_FIELDS,
}
FIELDS = {**REQUIRED_FIELDS, **OPTIONAL_FIELDS}


def column_key(name: str) -> str:
    """'Sexual orientation', 'SEXUAL_ORIENTATION' and 'sexual-orientation' name the same column."""
    return re.sub(r"[^a-z0-9]+", "_", name.casefold()).strip("_")


def default_names(field: str) -> list[str]:
    """Column names a field is found under when the user maps nothing."""
    if field in CORE_STRANDS:
        return [field, f"is_{field}"]
    return LOCATION_NAMES.get(field, [field])


def parse_column_options(options: list[str]) -> dict[str, str]:
    """`--column incident_id="CRIS Ref"` options as {field: column}."""
    problems = Problems("--column")
    mapping = {}
    for option in options:
        field, separator, column = option.partition("=")
        if not separator or not column.strip():
            problems.add(None, None, option, "write each mapping as FIELD=COLUMN, e.g. incident_id=CRIS Ref.")
            continue
        _add(mapping, field.strip(), column.strip(), problems, None)
    problems.raise_if_any()
    return mapping


def read_column_mapping(location: str) -> dict[str, str]:
    """A mapping file: a header `field,column`, then one line per field renamed."""
    source = fetch(location)
    text, _ = decode(source)
    problems = Problems(source.name)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]
    if not rows:
        raise LoadRefused.single(source.name, "the column mapping file is empty.")
    header = [cell.strip().casefold() for cell in rows[0][1]]
    if header[:2] != ["field", "column"]:
        raise LoadRefused.single(source.name, "the first line must be the header field,column.",
                                 line=rows[0][0], value=",".join(rows[0][1]))
    mapping = {}
    for line, row in rows[1:]:
        if len(row) < 2 or not row[1].strip():
            problems.add(line, None, ",".join(row), "each line needs a field and a column name.")
            continue
        _add(mapping, row[0].strip(), row[1].strip(), problems, line)
    problems.raise_if_any()
    return mapping


def _add(mapping, field, column, problems, line):
    if field not in FIELDS:
        close = difflib.get_close_matches(field, list(FIELDS), n=1)
        problems.add(line, "field", field, "not a field of the incident extract schema."
                     + (f" Did you mean '{close[0]}'?" if close else "")
                     + " Fields: " + ", ".join(FIELDS) + ".")
        return
    mapping[field] = column


def resolve_columns(header: list[str], renamed: dict[str, str], problems: Problems) -> dict[str, int]:
    """Where each field is in the file. A required field not found is a problem; the load
    stops here, since no row can be read without it."""
    found = {column_key(name): position for position, name in enumerate(header)}
    positions = {}
    for field in FIELDS:
        names = [renamed[field]] if field in renamed else default_names(field)
        position = next((found[column_key(name)] for name in names if column_key(name) in found), None)
        if position is not None:
            positions[field] = position
        elif field in REQUIRED_FIELDS or field in renamed:
            close = difflib.get_close_matches(names[0], header, n=1, cutoff=0.5)
            hint = (f" Is '{close[0]}' it? Map it with --column {field}=\"{close[0]}\"." if close
                    else f" Map the column that holds it with --column {field}=NAME.")
            what = f"the column '{names[0]}' given for {field}" if field in renamed else f"the column '{field}'"
            problems.add(1, names[0], None, f"{what} is missing.{hint}")
    if any(field not in positions for field in REQUIRED_FIELDS) or any(f not in positions for f in renamed):
        problems.raise_if_any()
    return positions
