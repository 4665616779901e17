"""About the data: the datasets loaded, with their sources and dates."""

import pandas as pd
from dash import Input, Output, callback

from charts.context import store_cursor, viewer_facts
from components import ids
from components.tables import Column, data_table

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
