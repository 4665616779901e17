"""The Met's long-format data, "MPS Monthly Crime Dashboard Data"
(M1045_MonthlyCrimeDashboard_OtherCrimeData, CSV or XLSX): one row per month, area,
offence group and subgroup, and measure (Offences or Positive Outcomes).

Borough rows (`Area Type` = Borough) in categories the mapping gives a strand load,
both measures. SNT rows (safer neighbourhood teams) are finer detail of the same
offences, so they are left out rather than counted twice. Everything else is left out
and reported by name and count: other area types, other measures, Aviation Security,
areas that are not boroughs ('Unknown', 'Non Met Police Force', ...), the City of London,
the Met's other crime groups (knife crime, domestic abuse, ...), which are not hate crime,
and categories the mapping does not cover (never dropped silently).
"""

import difflib
from collections import defaultdict
from functools import partial

import pandas as pd

from loaders.borough_names import (CITY_OF_LONDON, GSS_CODE, BoroughMatcher, is_aviation_security,
                                   is_not_a_borough_area, is_totals_label, normalise)
from loaders.cell_values import parse_count, parse_date, parse_month
from loaders.long_mapping import CategoryMapping, category_key, load_mapping
from loaders.other_crime_groups import is_other_crime_group
from loaders.prepared_load import LeftOut, PreparedLoad, count_of
from loaders.problems import LoadRefused
from loaders.read_text import SourceFile, read_csv_table
from loaders.read_xlsx import is_workbook, read_xlsx_table

# Columns read, with the names older files used for them.
COLUMNS = {
    "Month_Year": [],
    "Area Type": [],
    "Area name": [],
    "Area code": [],
    "Offence Group": ["Crime Type"],
    "Offence Subgroup": ["Crime Subtype"],
    "Measure": [],
    "Count": [],
}
OPTIONAL_COLUMNS = ["Borough_SNT", "Refresh Date"]
BOROUGH_AREA_TYPE = "borough"
# Some releases call positive outcomes just "Outcomes".
MEASURES = {"offences": "Offences", "positive outcomes": "Positive Outcomes", "outcomes": "Positive Outcomes"}
OFFENCES = "Offences"
DISTINCT_TOTAL = "all"
REPORTED_CATEGORIES = 20  # unmapped categories listed by name before "and N more"

SOURCE = "Metropolitan Police Service, monthly crime dashboard data (London Datastore)"
LICENCE = "Open Government Licence v3.0"
DEFAULT_NAME = "MPS crime dashboard hate crime ({file})"


def prepare_mps_long(source: SourceFile, *, mapping: CategoryMapping | None = None,
                     matcher: BoroughMatcher | None = None, attribution: str | None = None,
                     progress=lambda message: None) -> PreparedLoad:
    """Read and check the whole file; raise LoadRefused listing every problem."""
    mapping = mapping or load_mapping()
    matcher = matcher or BoroughMatcher.from_reference()
    progress(f"Reading {source.name} ...")
    reader = partial(read_xlsx_table, header_column="Month_Year") if is_workbook(source) else read_csv_table
    table = reader(source, progress=progress)
    problems = table.problems
    at = _column_positions(table)

    out = defaultdict(list)
    seen = {}
    category_text, category_strands = {}, {}
    other_area_types, other_measures = defaultdict(int), defaultdict(int)
    unmapped_rows, unmapped_offences, not_hate = defaultdict(int), defaultdict(int), defaultdict(int)
    other_groups = defaultdict(int)
    aviation_rows, aviation_offences, city_rows = 0, defaultdict(int), 0
    elsewhere_rows, elsewhere_offences = defaultdict(int), defaultdict(int)
    refresh_dates = set()
    progress_every = max(len(table.rows) // 10, 100_000)

    for index, (record, line) in enumerate(zip(table.rows, table.lines), start=1):
        if index % progress_every == 0:
            progress(f"  checked {index:,} of {count_of(len(table.rows), 'row')}")
        value = {column: record[position].strip() for column, position in at.items()}
        area_type_is_borough = normalise(value["Area Type"]) == BOROUGH_AREA_TYPE
        if is_totals_label(value["Month_Year"]) or (area_type_is_borough and is_totals_label(value["Area name"])):
            problems.add(line, "Area name", value["Area name"] or value["Month_Year"],
                         "this looks like a totals row. The dashboard works out London totals itself; "
                         "delete the row and load the file again.")
            continue
        month, message = parse_month(value["Month_Year"])
        if message:
            problems.add(line, "Month_Year", value["Month_Year"], message)
        count, message = parse_count(value["Count"])
        if message:
            problems.add(line, "Count", value["Count"], message)
        if "Refresh Date" in value and value["Refresh Date"]:
            refresh_dates.add(value["Refresh Date"])
        if month is None or count is None:
            continue

        if not area_type_is_borough:
            other_area_types[value["Area Type"] or "(empty)"] += 1
            continue
        measure = MEASURES.get(normalise(value["Measure"]))
        if measure is None:
            other_measures[value["Measure"] or "(empty)"] += 1
            continue
        group, subgroup = value["Offence Group"], value["Offence Subgroup"]
        covered, strand = mapping.lookup(group, subgroup)
        name = f"{group} / {subgroup}"
        if not covered and is_other_crime_group(group, subgroup):
            other_groups[name] += 1
            continue
        if not covered:
            unmapped_rows[name] += 1
            unmapped_offences[name] += count if measure == OFFENCES else 0
            continue
        if strand is None:
            not_hate[name] += 1
            continue
        if is_aviation_security(value["Area name"]) or is_aviation_security(value.get("Borough_SNT", "")):
            aviation_rows += 1
            aviation_offences[subgroup] += count if measure == OFFENCES else 0
            continue
        if is_not_a_borough_area(value["Area name"]):
            elsewhere_rows[value["Area name"]] += 1
            elsewhere_offences[subgroup] += count if measure == OFFENCES else 0
            continue
        borough, column = _borough(value, matcher)
        if borough is None:
            problems.add(line, column, value[column], matcher.unknown_message(value[column]))
            continue
        if borough.gss_code == CITY_OF_LONDON:
            city_rows += 1
            continue
        key = (month, borough.gss_code, category_key(group), category_key(subgroup), measure)
        if key in seen:
            problems.add(line, "Offence Subgroup", subgroup,
                         f"{borough.name} has {measure.lower()} for this category in {month:%B %Y} already, "
                         f"on line {seen[key]:,}; a file holds each once.")
            continue
        seen[key] = line
        category = category_text.setdefault(key[2:4], name)
        category_strands[category] = strand
        for column, item in (("month", month), ("gss_code", borough.gss_code), ("category", category),
                             ("measure", measure), ("count", count)):
            out[column].append(item)

    totals = sorted(category for category, strand in category_strands.items() if strand == DISTINCT_TOTAL)
    if len(totals) > 1:
        problems.add(None, "Offence Subgroup", None,
                     f"the mapping gives 'all' (distinct offences) to {len(totals)} categories ("
                     + ", ".join(totals) + "); adding them would count an offence in both twice. Map only "
                     "the one that counts each offence once to 'all'.")
    problems.raise_if_any()
    left_out = _left_out(other_area_types, other_measures, unmapped_rows, unmapped_offences, not_hate, other_groups,
                         aviation_rows, aviation_offences, city_rows)
    left_out.insert(2, LeftOut(sum(elsewhere_rows.values()), _elsewhere_reason(elsewhere_rows, elsewhere_offences)))
    if not out:
        raise LoadRefused.single(
            source.name, "no borough rows in hate crime categories were found, so nothing would load. "
                         + " ".join(item.reason for item in left_out if item.rows))
    progress(f"Checked {count_of(table.rows_read, 'row')}.")
    rows = pd.DataFrame(out)
    rows["month"] = pd.to_datetime(rows["month"])
    months = rows["month"]
    measures = rows.groupby("measure").size()
    details = [f"Read as {table.encoding} text.",
               f"Months: {months.min():%B %Y} to {months.max():%B %Y}.",
               "Measures loaded: " + "; ".join(f"{name} ({count_of(n, 'row')})" for name, n in measures.items()) + ".",
               "Categories loaded: " + "; ".join(f"{category} -> {strand}"
                                                  for category, strand in sorted(category_strands.items())) + "."]
    if refresh_dates:
        details.append("Refresh date in the file: " + ", ".join(sorted(refresh_dates)) + ".")
    # The refresh date orders releases for the combined series; one that cannot be read is
    # only metadata, so the load goes on and the series falls back on months and load time.
    parsed_refresh = [day for day, _ in map(parse_date, refresh_dates) if day is not None]
    return PreparedLoad(
        kind="published",
        default_name=DEFAULT_NAME.format(file=source.name),
        source=attribution or SOURCE,
        location=source.location,
        licence=LICENCE,
        checksum_sha256=source.sha256,
        rows_read=table.rows_read,
        rows_loaded=len(rows),
        rows=rows,
        left_out=left_out,
        details=details,
        category_strands=category_strands,
        release_format="long",
        refresh_date=max(parsed_refresh) if parsed_refresh else None,
    )


def _column_positions(table) -> dict[str, int]:
    found = {name.casefold(): position for position, name in enumerate(table.header)}
    positions = {}
    for column, older_names in COLUMNS.items():
        for name in (column, *older_names):
            if name.casefold() in found:
                positions[column] = found[name.casefold()]
                break
        else:
            close = difflib.get_close_matches(column, table.header, n=1, cutoff=0.6)
            hint = f" Is '{close[0]}' it, renamed? Rename it back to '{column}'." if close else ""
            table.problems.add(1, column, None, f"the column '{column}' is missing.{hint}")
    if len(positions) < len(COLUMNS):
        table.problems.raise_if_any()
    for column in OPTIONAL_COLUMNS:
        if column.casefold() in found:
            positions[column] = found[column.casefold()]
    return positions


def _borough(value: dict, matcher: BoroughMatcher):
    """The borough of a row, by its GSS code, else by its name; and the column to blame."""
    code = value["Area code"]
    if code and GSS_CODE.match(code):
        return matcher.match(code), "Area code"
    return matcher.match(value["Area name"]), "Area name"


def _listed(counts: dict, offences: dict | None = None) -> str:
    items = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    shown = [f"'{name}' ({count_of(rows, 'row')}"
             + (f", {count_of(offences[name], 'offence')})" if offences is not None else ")")
             for name, rows in items[:REPORTED_CATEGORIES]]
    more = len(items) - REPORTED_CATEGORIES
    return ", ".join(shown) + (f" and {more:,} more" if more > 0 else "")


def _elsewhere_reason(rows: dict, offences: dict) -> str:
    return (f"{count_of(sum(rows.values()), 'row')} for areas that are not boroughs ({_listed(rows)}): offences "
            "the Met could not place in a borough or recorded for another force, kept out of borough views and "
            "London totals. Offences left out by category: "
            + "; ".join(f"{name} {n:,}" for name, n in sorted(offences.items()))
            + " (categories overlap, so these are not added together).")


def _left_out(other_area_types, other_measures, unmapped_rows, unmapped_offences, not_hate, other_groups,
              aviation_rows, aviation_offences, city_rows) -> list[LeftOut]:
    total = lambda counts: sum(counts.values())  # noqa: E731
    return [
        LeftOut(total(unmapped_rows),
                f"{count_of(total(unmapped_rows), 'row')} in categories the mapping does not cover: "
                f"{_listed(unmapped_rows, unmapped_offences)}. If any of these is hate crime, add a line "
                "for it to a mapping file and load again with --mapping (see docs/LOADING.md)."),
        LeftOut(aviation_rows,
                f"{count_of(aviation_rows, 'row')} for Aviation Security(SO18), airport policing at Heathrow "
                "and London City, which is not a borough, so it is kept out of borough views. Offences left out by "
                "category: " + "; ".join(f"{name} {n:,}" for name, n in sorted(aviation_offences.items()))
                + " (categories overlap, so these are not added together)."),
        LeftOut(city_rows, f"{count_of(city_rows, 'row')} for the City of London, which has its own police force; "
                           "the pages show it as no data."),
        LeftOut(total(other_area_types),
                f"{count_of(total(other_area_types), 'row')} for areas other than boroughs (Area Type "
                f"{_listed(other_area_types)}): only borough rows load."),
        LeftOut(total(other_measures),
                f"{count_of(total(other_measures), 'row')} with measures other than Offences and Positive Outcomes: "
                f"{_listed(other_measures)}."),
        LeftOut(total(not_hate),
                f"{count_of(total(not_hate), 'row')} in categories the mapping marks as not hate crime: "
                f"{_listed(not_hate)}."),
        LeftOut(total(other_groups),
                f"{count_of(total(other_groups), 'row')} of the Met's other crime groups ({_listed(other_groups)}), "
                "which are not hate crime."),
    ]
