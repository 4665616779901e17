"""About the data: the datasets loaded, with their sources and dates; which months of a
series joined from several releases came from which; what newer releases revised."""

import pandas as pd
from dash import Input, Output, callback, html

from charts.context import store_cursor, viewer_facts
from components import ids
from components.tables import Column, data_table
from queries.partner_reports import MEASURES, hidden_partner_files, partner_sources, period_words
from queries.revisions import LARGEST_REVISIONS, largest_revisions, release_revisions
from queries.series_sources import strands_in_part_of_series
from queries.strands import STRANDS
from signin.session import current_viewer

COLUMN_NAMES = ["Dataset", "Kind", "Synthetic", "Source", "Covers", "Loaded", "Rows loaded", "Rows left out", "Notes"]
COUNT_COLUMNS = {"Rows loaded", "Rows left out"}
DATASETS_CSV = "hate-crime_datasets-in-this-store.csv"  # not one area or period, so not export_filename's pattern


@callback(Output(ids.ABOUT_DATASETS, "children"), Input(ids.FILTER_STATE, "data"))
def list_datasets(_filter_state):
    facts = viewer_facts(store_cursor())
    datasets = facts.datasets
    rows = [{
        "Dataset": row.name,
        "Kind": "Incident-level" if row.kind == "incidents" else "Published monthly counts",
        "Synthetic": "Yes, not real figures" if row.is_synthetic else "No",
        "Source": row.source,
        "Covers": f"{pd.Timestamp(row.first_month):%b %Y} to {pd.Timestamp(row.last_month):%b %Y}"
                  if pd.notna(row.first_month) else "",
        "Loaded": f"{pd.Timestamp(row.loaded_at):%d %b %Y %H:%M}",
        "Rows loaded": int(row.rows_loaded),
        "Rows left out": int(row.rows_left_out),
        "Notes": row.notes or "",
    } for row in datasets.itertuples()]
    frame = pd.DataFrame(rows, columns=COLUMN_NAMES)
    columns = [Column(name, name, "," if name in COUNT_COLUMNS else "") for name in COLUMN_NAMES]
    return data_table(ids.ABOUT_DATASETS_TABLE, frame, columns,
                      caption="Datasets in this store", csv_filename=DATASETS_CSV)


@callback(Output(ids.ABOUT_PARTNERS, "children"), Input(ids.FILTER_STATE, "data"))
def list_partner_sources(_filter_state):
    """Each partner source and series: what it counts, where and when, its definitions (as
    text: never fetched), licence, overlap with police reports and coverage."""
    cursor = store_cursor()
    signed_in = current_viewer().signed_in
    sources = partner_sources(cursor, signed_in=signed_in)
    hidden = hidden_partner_files(cursor, signed_in=signed_in)
    hidden_note = html.P(f"{hidden} restricted partner file(s) are shown only to signed-in users.",
                         className="small") if hidden else None
    if sources.empty:
        return [html.P("No partner reports loaded."), hidden_note]
    items = []
    for row in sources.itertuples():
        facts = [
            ("Counts", "; ".join(MEASURES[m] for m in row.measures) + " (not police-recorded crime)"),
            ("Periods", ", ".join(period_words(None, None, months=int(m)) for m in row.period_months)
             + f", {pd.Timestamp(row.first_period_start):%b %Y} to {pd.Timestamp(row.last_period_end):%b %Y}"),
            ("Areas", ", ".join(row.area_names)),
            ("Includes police reports", ", ".join(row.includes_police_reports)),
            ("Definitions", " ".join(row.definition_urls) or "no link given"),
            ("Licence", row.licence),
            ("Coverage", " ".join(row.coverage_notes) or "no note given"),
        ]
        if row.is_synthetic:
            facts.append(("Synthetic", "Yes: made-up figures of a made-up organisation, not real"))
        if row.is_restricted:
            facts.append(("Restricted", "Shown only to signed-in users"))
        items.append(html.Li([html.Strong(f"{row.source}: {row.series}"),
                              html.Dl([part for name, text in facts
                                       for part in (html.Dt(name, className="col-sm-3"),
                                                    html.Dd(text, className="col-sm-9 mb-1"))],
                                      className="partner-source row small mb-3")]))
    return [html.Ul(items, className="list-unstyled"), hidden_note]


SOURCE_COLUMNS = [Column("Release", "Release"), Column("From", "From"), Column("To", "To"),
                  Column("Months", "Months", ","), Column("Strands", "Strands")]
REVISION_COLUMNS = [Column("Release", "Release"), Column("Loaded", "Loaded"), Column("Compared with", "Compared with"),
                    Column("Figures compared", "Figures both gave (count)", ","),
                    Column("Figures changed", "Figures changed (count)", ",")]
LARGEST_COLUMNS = [Column("Borough", "Borough"), Column("Month", "Month", sort_key="month_order"),
                   Column("Category", "Category"), Column("Strand", "Strand"),
                   Column("Previous", "Previous release (offences)", ","),
                   Column("New", "This release (offences)", ","), Column("Change", "Change (offences)", "+,")]
NO_REVISIONS = "No release loaded so far has changed figures an earlier release gave."
NO_COMBINED = ("Each dataset here comes from one file: no series joins several of the Met's releases. Load the "
               "2010-2021 borough file and a current release to see one series across both.")


def _strand_labels(strands) -> str:
    return ", ".join(STRANDS[key].short_label for key in STRANDS if key in set(strands))


@callback(Output(ids.ABOUT_SOURCES, "children"), Input(ids.FILTER_STATE, "data"))
def list_series_sources(_filter_state):
    """For each series joined from several releases: which months came from which file,
    and which strands only some releases give."""
    cursor = store_cursor()
    facts = viewer_facts(cursor)
    names = dict(zip(facts.datasets.dataset_id.astype(int), facts.datasets.name))
    if not facts.sources:
        return html.P(NO_COMBINED, className="small text-muted")
    parts = []
    for dataset_id, sources in facts.sources.items():
        frame = pd.DataFrame({
            "Release": sources.source_name,
            "From": [f"{pd.Timestamp(month):%b %Y}" for month in sources.first_month],
            "To": [f"{pd.Timestamp(month):%b %Y}" for month in sources.last_month],
            "Months": sources.months.astype(int),
            "Strands": [_strand_labels(strands) for strands in sources.strands],
        })
        parts += [html.H3(names.get(dataset_id, str(dataset_id)), className="h6 mt-3"),
                  data_table(f"{ids.ABOUT_SOURCES_TABLE}-{dataset_id}", frame, SOURCE_COLUMNS,
                             caption=f"Which months of '{names.get(dataset_id)}' came from which release",
                             csv_filename=f"hate-crime_series-sources_dataset-{dataset_id}.csv")]
        partial = strands_in_part_of_series(cursor, dataset_id=dataset_id)
        if not partial.empty:
            parts.append(html.P(
                "Only part of the series has: " + "; ".join(
                    f"{STRANDS[row.strand].label} ({pd.Timestamp(row.first_month):%b %Y} to "
                    f"{pd.Timestamp(row.last_month):%b %Y})" for row in partial.itertuples() if row.strand in STRANDS)
                + ". Their categories are not in every release, so other months are empty, never zero.",
                className="small"))
    return parts


@callback(Output(ids.ABOUT_REVISIONS, "children"), Input(ids.FILTER_STATE, "data"))
def list_revisions(_filter_state):
    """Releases that changed figures an earlier release gave, and each one's largest changes."""
    cursor = store_cursor()
    facts = viewer_facts(cursor)
    visible = set(facts.datasets.dataset_id.astype(int))
    releases = release_revisions(cursor)
    releases = releases[releases.dataset_id.astype(int).isin(visible)]
    if releases.empty:
        return html.P(NO_REVISIONS, className="small text-muted")
    frame = pd.DataFrame({
        "Release": releases.name, "Loaded": [f"{pd.Timestamp(when):%d %b %Y %H:%M}" for when in releases.loaded_at],
        "Compared with": releases.compared_with, "Figures compared": releases.figures_compared.astype(int),
        "Figures changed": releases.figures_changed.astype(int),
    })
    parts = [data_table(ids.ABOUT_REVISIONS_TABLE, frame, REVISION_COLUMNS, caption="Releases that revised earlier "
                        "figures", csv_filename="hate-crime_release-revisions.csv")]
    for row in releases.itertuples():
        largest = largest_revisions(cursor, dataset_id=int(row.dataset_id), limit=LARGEST_REVISIONS)
        if largest.empty:
            continue
        table = pd.DataFrame({
            "Borough": largest.borough, "Month": [f"{pd.Timestamp(month):%b %Y}" for month in largest.month],
            "month_order": pd.to_datetime(largest.month), "Category": largest.category,
            "Strand": [STRANDS[key].short_label if key in STRANDS else key for key in largest.strand],
            "Previous": largest.previous_offences.astype(int), "New": largest.offences.astype(int),
            "Change": largest.change.astype(int),
        })
        caption = f"The largest revisions in '{row.name}'"
        parts += [html.H3(caption, className="h6 mt-3"),
                  data_table(f"{ids.ABOUT_LARGEST_REVISIONS_TABLE}-{int(row.dataset_id)}", table, LARGEST_COLUMNS,
                             caption=caption,
                             csv_filename=f"hate-crime_largest-revisions_dataset-{int(row.dataset_id)}.csv")]
    return parts
