"""A labelled line at the Met's change of recording system, for any chart with a time axis."""

import pandas as pd

from queries.connect_break import CONNECT_BREAK_LABEL, CONNECT_LIVE_DATE, straddles_connect_break
from queries.periods import Period

BREAK_COLOUR = "#555555"
BREAK_NAME = "connect_break"  # shape and annotation name, so tests and exports can find them
# Short enough for one subtitle line of a half-width chart; the full sentence is on the page.
COMPARISON_SUBTITLE = "Not directly comparable: the Met moved to CONNECT in March 2024."


def spans_break(x_values) -> bool:
    """True when the values (dates) lie on both sides of the day CONNECT went live."""
    if isinstance(x_values, pd.Series) and x_values.dtype.kind == "M":
        times = x_values.dropna()  # a store's date column, read as it is: a copy costs a millisecond
    else:
        times = pd.to_datetime(pd.Series(list(x_values)), errors="coerce").dropna()
    live = pd.Timestamp(CONNECT_LIVE_DATE)
    return not times.empty and times.min() < live <= times.max()


def connect_break_marks(x_values) -> tuple[list[dict], list[dict]]:
    """(shapes, annotations) of the labelled line when `x_values` span the break, else none.

    The label sits at the foot of the plot, clear of event labels, which hang from the top.
    """
    if not spans_break(x_values):
        return [], []
    live = f"{pd.Timestamp(CONNECT_LIVE_DATE):%Y-%m-%d}"
    shape = {"type": "line", "x0": live, "x1": live, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain",
             "line": {"color": BREAK_COLOUR, "width": 1.5, "dash": "dash"}, "name": BREAK_NAME}
    label = {"x": live, "y": 0.02, "yref": "paper", "text": CONNECT_BREAK_LABEL, "showarrow": False,
             "xanchor": "right", "yanchor": "bottom", "font": {"size": 11, "color": BREAK_COLOUR},
             "bgcolor": "rgba(255,255,255,0.85)", "name": BREAK_NAME}
    return [shape], [label]


def mark_connect_break(layout: dict, x_values) -> dict:
    """`layout` (changed in place) with the break's line and label added when they apply."""
    shapes, annotations = connect_break_marks(x_values)
    if shapes:
        layout["shapes"] = [*layout.get("shapes", []), *shapes]
        layout["annotations"] = [*layout.get("annotations", []), *annotations]
    return layout


def with_comparison_caveat(subtitle: tuple[str, ...], current: Period, previous: Period) -> tuple[str, ...]:
    """A chart comparing two periods says, under its subtitle, when they cross March 2024."""
    lines = (subtitle,) if isinstance(subtitle, str) else tuple(subtitle or ())
    if not straddles_connect_break(current, previous):
        return lines
    return (*lines, COMPARISON_SUBTITLE)
