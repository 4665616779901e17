"""A labelled line at the Met's change of recording system, for any chart with a time axis."""

import pandas as pd
import plotly.graph_objects as go

from queries.connect_break import CONNECT_BREAK_LABEL, CONNECT_LIVE_DATE, straddles_connect_break
from queries.periods import Period

BREAK_COLOUR = "#555555"
BREAK_NAME = "connect_break"  # shape and annotation name, so tests and exports can find them
# Short enough for one subtitle line of a half-width chart; the full sentence is on the page.
COMPARISON_SUBTITLE = "Not directly comparable: the Met moved to CONNECT in March 2024."


def spans_break(x_values) -> bool:
    """True when the values (dates) lie on both sides of the day CONNECT went live."""
    times = pd.to_datetime(pd.Series(list(x_values)), errors="coerce").dropna()
    live = pd.Timestamp(CONNECT_LIVE_DATE)
    return not times.empty and times.min() < live <= times.max()


def mark_connect_break(figure: go.Figure, x_values) -> go.Figure:
    """Add the labelled line when `x_values` span the break; otherwise leave the figure.

    The label sits at the foot of the plot, clear of event labels, which hang from the top.
    """
    if not spans_break(x_values):
        return figure
    live = pd.Timestamp(CONNECT_LIVE_DATE)
    figure.add_vline(x=live, line={"color": BREAK_COLOUR, "width": 1.5, "dash": "dash"}, name=BREAK_NAME)
    figure.add_annotation(
        x=live, y=0.02, yref="paper", text=CONNECT_BREAK_LABEL, showarrow=False, xanchor="right",
        yanchor="bottom", font={"size": 11, "color": BREAK_COLOUR}, bgcolor="rgba(255,255,255,0.85)",
        name=BREAK_NAME)
    return figure


def with_comparison_caveat(subtitle: str, current: Period, previous: Period) -> str:
    """A chart comparing two periods says, under its subtitle, when they cross March 2024."""
    if not straddles_connect_break(current, previous):
        return subtitle
    return f"{subtitle}<br>{COMPARISON_SUBTITLE}" if subtitle else COMPARISON_SUBTITLE
