"""The Met's published borough file, wide: `Borough,MajorText,MinorText`, then one
`YYYYMM` column per month (London Datastore, "MPS hate crime or special crime
dashboard data").

Only the seven hate crime categories load. Domestic abuse (filed under `Hate` in this
file) and the `Special` categories are not hate crime; `Aviation Security(SO18)` is
airport policing, not a borough, so it is kept out and its offences are reported.
"""

import datetime as dt
import difflib
from collections import defaultdict

import numpy as np
import pandas as pd

from loaders.borough_names import CITY_OF_LONDON, BoroughMatcher, is_aviation_security, is_totals_label, normalise
from loaders.cell_values import parse_count, parse_month_header
from loaders.other_crime_groups import is_domestic_abuse
from loaders.prepared_load import LeftOut, PreparedLoad, count_of
from loaders.problems import LoadRefused
from loaders.read_text import SourceFile, read_csv_table
from queries.aggregates import PUBLISHED_CATEGORY_STRANDS

KEY_COLUMNS = ("Borough", "MajorText", "MinorText")
HATE = "hate"
HATE_CATEGORIES = {normalise(category): category for category in PUBLISHED_CATEGORY_STRANDS}
SPECIAL = "special"

SOURCE = "Metropolitan Police Service, hate crime dashboard data (London Datastore)"
LICENCE = "Open Government Licence v3.0"
DEFAULT_NAME = "MPS published hate crime ({file})"


def prepare_mps_wide(source: SourceFile, *, matcher: BoroughMatcher | None = None,
                     attribution: str | None = None, progress=lambda message: None) -> PreparedLoad:
    """Read and check the whole file; raise LoadRefused listing every problem."""
    matcher = matcher or BoroughMatcher.from_reference()
    progress(f"Reading {source.name} ...")
    table = read_csv_table(source, progress)
    problems = table.problems
    keys = _key_positions(table)
    months = _month_columns(table)

    counts, categories, codes = [], [], []
    seen = {}
    aviation_rows, aviation_offences = 0, defaultdict(int)
    city_rows, domestic_abuse_rows, special_rows = 0, 0, 0
    other_categories = defaultdict(int)

    for record, line in zip(table.rows, table.lines):
        borough, major, minor = (record[keys[column]].strip() for column in KEY_COLUMNS)
        if is_totals_label(borough) or not (borough or major or minor):
            problems.add(line, "Borough", borough,
                         "this looks like a totals row. The dashboard works out London totals itself; "
                         "delete the row and load the file again.")
            continue
        category = HATE_CATEGORIES.get(normalise(minor)) if normalise(major) == HATE else None
        if category is None:
            if normalise(major) == HATE and is_domestic_abuse(minor):
                domestic_abuse_rows += 1
            elif normalise(major) == SPECIAL:
                special_rows += 1
            else:
                other_categories[f"{major} / {minor}"] += 1
            continue

        values = _row_counts(record, line, months, problems)
        if is_aviation_security(borough):
            aviation_rows += 1
            aviation_offences[category] += int(values.sum())
            continue
        if not borough:
            problems.add(line, "Borough", borough, "the borough is empty.")
            continue
        match = matcher.match(borough)
        if match is None:
            problems.add(line, "Borough", borough, matcher.unknown_message(borough))
            continue
        if match.gss_code == CITY_OF_LONDON:
            city_rows += 1
            continue
        if (match.gss_code, category) in seen:
            problems.add(line, "MinorText", minor, f"{match.name} has this category already, on line "
                                                   f"{seen[(match.gss_code, category)]:,}; a file holds each once.")
            continue
        seen[(match.gss_code, category)] = line
        counts.append(values)
        codes.append(match.gss_code)
        categories.append(category)

    problems.raise_if_any()
    if not counts:
        raise LoadRefused.single(source.name, "no hate crime rows for any borough were found: is this the "
                                              "MPS hate crime borough file?")
    progress(f"Checked {count_of(table.rows_read, 'row')}.")

    month_dates = [month for _, month, _ in months]
    rows = pd.DataFrame({
        "month": np.tile(np.array(month_dates, dtype="datetime64[D]"), len(counts)),
        "gss_code": np.repeat(codes, len(months)),
        "category": np.repeat(categories, len(months)),
        "measure": "Offences",
        "count": np.concatenate(counts).astype("int64"),
    })
    left_out = [
        LeftOut(aviation_rows, _aviation_reason(aviation_rows, aviation_offences)),
        LeftOut(city_rows, f"{count_of(city_rows, 'row')} for the City of London, which has its own police force; "
                           "the pages show it as no data."),
        LeftOut(domestic_abuse_rows, f"{count_of(domestic_abuse_rows, 'row')} of domestic abuse (filed under 'Hate' "
                                     "in this file), which is not hate crime."),
        LeftOut(special_rows, f"{count_of(special_rows, 'row')} of 'Special' categories (knife crime, gun crime, "
                              "homicide and others), which are not hate crime."),
    ]
    if other_categories:
        left_out.append(LeftOut(sum(other_categories.values()), _other_categories_reason(other_categories)))
    first, last = min(month_dates), max(month_dates)
    return PreparedLoad(
        kind="published",
        default_name=DEFAULT_NAME.format(file=source.name),
        source=attribution or SOURCE,
        location=source.location,
        licence=LICENCE,
        checksum_sha256=source.sha256,
        rows_read=table.rows_read,
        rows_loaded=len(counts),
        rows=rows,
        left_out=left_out,
        details=[f"Read as {table.encoding} text.",
                 f"Months: {first:%B %Y} to {last:%B %Y} ({len(months)} months).",
                 f"Boroughs: {len(set(codes))}; categories: {', '.join(sorted(set(categories)))}."],
        category_strands=dict(PUBLISHED_CATEGORY_STRANDS),
        release_format="wide",
    )


def _key_positions(table) -> dict[str, int]:
    """Where Borough, MajorText and MinorText are; refuse at once if any is missing."""
    found = {name.casefold(): position for position, name in enumerate(table.header)}
    positions, problems = {}, table.problems
    for column in KEY_COLUMNS:
        if column.casefold() in found:
            positions[column] = found[column.casefold()]
            continue
        close = difflib.get_close_matches(column, table.header, n=1, cutoff=0.6)
        hint = f" Is '{close[0]}' it, renamed? Rename it back to '{column}'." if close else ""
        problems.add(1, column, None, f"the column '{column}' is missing.{hint}")
    if len(positions) < len(KEY_COLUMNS):
        problems.raise_if_any()
    return positions


def _month_columns(table) -> list[tuple[int, object, str]]:
    """(position, first day of month, header) for every month column."""
    keys = {column.casefold() for column in KEY_COLUMNS}
    months, seen = [], {}
    for position, name in enumerate(table.header):
        if name.casefold() in keys:
            continue
        month, message = parse_month_header(name)
        if month is None:
            table.problems.add(1, name or f"column {position + 1}", name, message)
        elif month in seen:
            table.problems.add(1, name, name, f"this month is already column {seen[month] + 1}.")
        else:
            seen[month] = position
            months.append((position, month, name))
    if not months:
        if not table.problems:
            table.problems.add(1, None, None, "there are no month columns (YYYYMM) after MinorText.")
        table.problems.raise_if_any()
    _check_no_month_missing(months, table.problems)
    return months


def _check_no_month_missing(months, problems) -> None:
    """A deleted column would otherwise show as a month with no offences."""
    present = {month for _, month, _ in months}
    first, last = min(present), max(present)
    month = first
    while month < last:
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        if month not in present:
            problems.add(1, f"{month:%Y%m}", None, f"the column for {month:%B %Y} is missing: the file has months "
                                                   f"from {first:%Y%m} to {last:%Y%m}, and every one needs a column.")


def _row_counts(record, line, months, problems) -> np.ndarray:
    values = np.zeros(len(months), dtype=np.int64)
    for index, (position, _, name) in enumerate(months):
        count, message = parse_count(record[position])
        if message:
            problems.add(line, name, record[position], message)
        else:
            values[index] = count
    return values


def _aviation_reason(rows: int, offences: dict[str, int]) -> str:
    by_category = "; ".join(f"{category} {offences[category]:,}"
                            for category in PUBLISHED_CATEGORY_STRANDS if category in offences)
    return (f"{count_of(rows, 'row')} for Aviation Security(SO18), airport policing at Heathrow and London City, "
            f"which is not a borough, so it is kept out of borough views. Offences left out by "
            f"category: {by_category} (categories overlap, so these are not added together).")


def _other_categories_reason(categories: dict[str, int]) -> str:
    listed = ", ".join(f"'{name}' ({count_of(rows, 'row')})" for name, rows in sorted(categories.items()))
    return (f"{count_of(sum(categories.values()), 'row')} in categories that are not among the seven hate crime "
            f"categories this file should have: {listed}.")
