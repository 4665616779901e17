"""What newer releases of the Met's figures changed, for the About page."""

import pandas as pd

from queries.store import fetch_df, table_exists

LARGEST_REVISIONS = 10  # enough to see whether a revision was one borough or London-wide


def release_revisions(cursor) -> pd.DataFrame:
    """One row per release that revised earlier figures, newest load first: its name, what
    it was compared with, how many published figures both gave and how many changed."""
    if not table_exists(cursor, "release_revisions"):
        return pd.DataFrame(columns=["dataset_id", "name", "loaded_at", "compared_with", "figures_compared",
                                     "figures_changed"])
    return fetch_df(cursor, """
        SELECT r.dataset_id, d.name, d.loaded_at, r.compared_with, r.figures_compared, r.figures_changed
        FROM release_revisions r JOIN datasets d USING (dataset_id)
        ORDER BY d.loaded_at DESC, r.dataset_id DESC
    """)


def largest_revisions(cursor, *, dataset_id: int, limit: int = LARGEST_REVISIONS) -> pd.DataFrame:
    """The release's largest revisions: borough, month, category, strand, previous and new
    offences and the change, largest change first."""
    if not table_exists(cursor, "revisions"):
        return pd.DataFrame(columns=["borough", "month", "category", "strand", "previous_offences", "offences",
                                     "change"])
    return fetch_df(cursor, """
        SELECT b.name AS borough, r.month, r.category, r.strand, r.previous_offences, r.offences,
               r.offences - r.previous_offences AS change
        FROM revisions r JOIN boroughs b USING (gss_code)
        WHERE r.dataset_id = $dataset_id
        ORDER BY abs(r.offences - r.previous_offences) DESC, r.month, b.name, r.category
        LIMIT $limit
    """, {"dataset_id": dataset_id, "limit": limit})
