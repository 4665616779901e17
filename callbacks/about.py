"""About the data: the datasets loaded, with their sources and dates."""

import pandas as pd
from dash import Input, Output, callback, dash_table

from charts.context import store_cursor, viewer_facts
from components import ids
from exports.controls import TABLE_CSV_EXPORT


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
        "Rows loaded": f"{int(row.rows_loaded):,}",
        "Rows left out": f"{int(row.rows_left_out):,}",
        "Notes": row.notes or "",
    } for row in datasets.itertuples()]
    return dash_table.DataTable(
        id=ids.ABOUT_DATASETS_TABLE, data=rows, columns=[{"name": key, "id": key} for key in (rows[0] if rows else {})],
        style_cell={"fontFamily": "Arial, sans-serif", "fontSize": 14, "whiteSpace": "normal", "textAlign": "left"},
        style_header={"fontWeight": "bold"}, **TABLE_CSV_EXPORT)
