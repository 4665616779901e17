"""Which datasets the store holds, and which one a page shows by default."""

import re
from dataclasses import dataclass

import pandas as pd

from queries.store import fetch_df


@dataclass(frozen=True)
class Dataset:
    """One loaded dataset, as loaded_datasets() lists it. Months and the load time keep
    the store's types (pandas timestamps; missing as NaT or None)."""

    dataset_id: int
    name: str
    kind: str               # "incidents" or "published"
    is_synthetic: bool
    source: object          # the source line's words, as the loader recorded them
    licence: object
    checksum_sha256: object
    loaded_at: object
    rows_read: object
    rows_loaded: object
    rows_left_out: object
    first_month: object
    last_month: object
    notes: object

    @property
    def label(self) -> str:
        return dataset_label(self.name, self.first_month, self.last_month)

    @classmethod
    def from_row(cls, row) -> "Dataset":
        values = {name: row[name] for name in cls.__dataclass_fields__}
        return cls(**{**values, "dataset_id": int(values["dataset_id"]), "name": str(values["name"]),
                      "kind": str(values["kind"]), "is_synthetic": bool(values["is_synthetic"])})


# A loader's default name ends with the file it came from ("MPS published hate crime (Monthly
# Crime Other Crime Borough Level Off Type.csv)"): the store keeps it (loading the same file
# again replaces the dataset by it), but pages and exports say what it is and when.
FILE_IN_NAME = re.compile(r"\s*\([^()]*\.(?:csv|xlsx|txt)\)$", re.IGNORECASE)
PUBLISHER_WORDS = {"MPS ": "Met "}


def dataset_label(name: str, first_month, last_month) -> str:
    """The name a person would use: "Met published hate crime, Apr 2010 to May 2021" for a
    loader's default name; a name given at load, as given."""
    if not FILE_IN_NAME.search(name):
        return name
    label = FILE_IN_NAME.sub("", name)
    for short, words in PUBLISHER_WORDS.items():
        label = words + label[len(short):] if label.startswith(short) else label
    if pd.notna(first_month) and pd.notna(last_month):
        label += f", {pd.Timestamp(first_month):%b %Y} to {pd.Timestamp(last_month):%b %Y}"
    return label


def loaded_datasets(cursor) -> pd.DataFrame:
    """Every dataset loaded, newest first, with its kind, source and row counts."""
    return fetch_df(cursor, """
        SELECT dataset_id, name, kind, is_synthetic, source, licence, checksum_sha256,
               loaded_at, rows_read, rows_loaded, rows_left_out, first_month, last_month, notes
        FROM datasets
        ORDER BY loaded_at DESC, dataset_id DESC
    """)


def default_dataset_id(datasets: pd.DataFrame) -> int | None:
    """The newest real dataset, else the newest synthetic one."""
    if datasets.empty:
        return None
    real = datasets[~datasets.is_synthetic]
    chosen = real if not real.empty else datasets
    return int(chosen.iloc[0].dataset_id)


def dataset_strands(cursor, *, dataset_id: int) -> list[str]:
    """The strand keys this dataset has counts for."""
    frame = fetch_df(cursor, "SELECT DISTINCT strand FROM monthly_counts WHERE dataset_id = $dataset_id",
                     {"dataset_id": dataset_id})
    return frame.strand.tolist()


def dataset_coverage(cursor) -> pd.DataFrame:
    """Per dataset: the first and last month with counts, and the strands it has."""
    return fetch_df(cursor, """
        SELECT dataset_id, min(month) AS first_month, max(month) AS last_month,
               list(DISTINCT strand) AS strands
        FROM monthly_counts
        GROUP BY dataset_id
    """)
