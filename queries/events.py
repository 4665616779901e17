"""Events marked on trend charts."""

import datetime as dt

import pandas as pd

from queries.store import fetch_df


def events_between(cursor, *, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Events that start or are under way between `start` and `end` (inclusive)."""
    return fetch_df(cursor, """
        SELECT start_date, end_date, label, strands, added_by
        FROM events
        WHERE start_date <= $end AND coalesce(end_date, start_date) >= $start
        ORDER BY start_date
    """, {"start": start, "end": end})
