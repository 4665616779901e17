"""Which release each month of a dataset came from, for About, the charts' source line,
exports and the briefing pack.

A combined series (loaders/combined_series.py) takes each strand and month from the
newest release that gives it; any other dataset is its own single source.
"""

import pandas as pd

from queries.store import fetch_df, table_exists


def series_sources(cursor, *, dataset_id: int, strand: str | None = None) -> pd.DataFrame:
    """source_dataset_id, source_name, first_month, last_month, months, strands: one row per
    release in the order its months come, for one strand or all (None). A dataset that is
    not a combined series has one row: itself."""
    params = {"dataset_id": dataset_id, "strand": strand}
    if table_exists(cursor, "series_sources"):
        combined = fetch_df(cursor, """
            SELECT s.source_dataset_id, d.name AS source_name, min(s.month) AS first_month,
                   max(s.month) AS last_month, count(DISTINCT s.month)::INTEGER AS months,
                   list(DISTINCT s.strand ORDER BY s.strand) AS strands
            FROM series_sources s JOIN datasets d ON d.dataset_id = s.source_dataset_id
            WHERE s.dataset_id = $dataset_id AND ($strand IS NULL OR s.strand = $strand)
            GROUP BY ALL
            ORDER BY first_month, last_month
        """, params)
        if not combined.empty:
            return combined
    return fetch_df(cursor, """
        SELECT d.dataset_id AS source_dataset_id, d.name AS source_name, min(m.month) AS first_month,
               max(m.month) AS last_month, count(DISTINCT m.month)::INTEGER AS months,
               list(DISTINCT m.strand ORDER BY m.strand) AS strands
        FROM monthly_counts m JOIN datasets d USING (dataset_id)
        WHERE m.dataset_id = $dataset_id AND ($strand IS NULL OR m.strand = $strand)
        GROUP BY ALL
    """, params)


def source_months_label(sources: pd.DataFrame) -> str:
    """'Apr 2010 to May 2021 from X; Apr 2022 to Jan 2025 from Y.' for a source line, or ''
    when one release gives every month (the dataset's own source line says it all)."""
    if len(sources) < 2:
        return ""
    return "; ".join(f"{pd.Timestamp(row.first_month):%b %Y} to {pd.Timestamp(row.last_month):%b %Y} from "
                     f"{row.source_name}" for row in sources.itertuples()) + "."


def strands_in_part_of_series(cursor, *, dataset_id: int) -> pd.DataFrame:
    """strand, first_month, last_month for strands a combined series has for only part of
    its months (their categories are not in every release); empty otherwise."""
    if not table_exists(cursor, "series_sources"):
        return pd.DataFrame(columns=["strand", "first_month", "last_month"])
    return fetch_df(cursor, """
        WITH spans AS (
            SELECT strand, min(month) AS first_month, max(month) AS last_month FROM series_sources
            WHERE dataset_id = $dataset_id GROUP BY strand
        ), whole AS (
            SELECT min(month) AS first_month, max(month) AS last_month FROM series_sources
            WHERE dataset_id = $dataset_id
        )
        SELECT s.strand, s.first_month, s.last_month FROM spans s, whole w
        WHERE s.first_month > w.first_month OR s.last_month < w.last_month
        ORDER BY s.strand
    """, {"dataset_id": dataset_id})
