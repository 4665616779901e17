"""A series against its expected range: the shaded band, the expected line, and months
above the band marked with their own marker shape and labelled with their count, so a
projector audience sees the spike and the normal range together."""

import pandas as pd
import plotly.graph_objects as go

from figures.common import finish_figure
from figures.connect_break import mark_connect_break

BAND_FILL = "rgba(0, 114, 178, 0.15)"
EXPECTED_COLOUR = "#0072B2"
OBSERVED_COLOUR = "#1a1a1a"
ABOVE_COLOUR = "#B2182B"
ABOVE_SYMBOL = "triangle-up"  # a shape, not only a colour, for months above the range
BAND_NAME = "Expected range"
HEADROOM = 1.25  # above the highest point, so a spike's label is never cut off
ABOVE_NAME = "Above expected range"


def band_traces(band: pd.DataFrame, *, x_column: str = "month") -> list[go.Scatter]:
    """The shaded range and the expected line, to draw under a series' line.
    `band`: x_column, offences, expected, lower_bound, upper_bound, is_above; months with
    no expected value (too little history) are left out of the band."""
    judged = band[band.expected.notna()]
    return [
        go.Scatter(x=judged[x_column], y=judged.upper_bound, mode="lines", line={"width": 0},
                   hoverinfo="skip", showlegend=False, name="Upper bound",
                   meta={"column": "Expected range, upper bound"}),
        go.Scatter(x=judged[x_column], y=judged.lower_bound, mode="lines", line={"width": 0},
                   fill="tonexty", fillcolor=BAND_FILL, name=BAND_NAME, meta={"column": "Expected range, lower bound"},
                   customdata=judged[["upper_bound"]],
                   hovertemplate="%{x|%b %Y}<br>Expected range: %{y:,.0f} to %{customdata[0]:,.0f}<extra></extra>"),
        go.Scatter(x=judged[x_column], y=judged.expected.round(1), mode="lines", name="Expected",
                   line={"color": EXPECTED_COLOUR, "width": 1.5, "dash": "dash"},
                   hovertemplate="%{x|%b %Y}<br>Expected: %{y:,.1f}<extra></extra>"),
    ]


def above_range_trace(band: pd.DataFrame, *, x_column: str = "month") -> go.Scatter | None:
    """The months above the range, as triangles labelled with their count, to draw over
    the series' line; None when no month is above."""
    above = band[band.is_above.fillna(False).astype(bool)]
    if above.empty:
        return None
    return go.Scatter(
        x=above[x_column], y=above.offences, name=ABOVE_NAME, mode="markers+text",
        marker={"symbol": ABOVE_SYMBOL, "size": 13, "color": ABOVE_COLOUR, "line": {"color": "white", "width": 1}},
        text=[f"{value:,}" for value in above.offences.astype(int)],
        textposition="top center", textfont={"color": ABOVE_COLOUR, "size": 12},
        hovertemplate="%{x|%b %Y}<br>%{y:,} offences: above the expected range<extra></extra>")


def expected_band_figure(band: pd.DataFrame, *, title: str, subtitle: str | None, source: str,
                         height: int = 380) -> go.Figure:
    """A small trend of one series with its expected band. `band`: month, offences,
    expected, lower_bound, upper_bound, is_above (queries.expected_counts.expected_band)."""
    figure = go.Figure(band_traces(band))
    figure.add_trace(go.Scatter(
        x=band.month, y=band.offences, mode="lines", name="Offences",
        line={"color": OBSERVED_COLOUR, "width": 2},
        hovertemplate="%{x|%b %Y}<br>%{y:,} offences<extra></extra>"))
    above = above_range_trace(band)
    if above is not None:
        figure.add_trace(above)
    mark_connect_break(figure, band.month)  # every time axis across March 2024 marks the new system
    finish_figure(figure, title=title, subtitle=subtitle, source=source, x_title=None,
                  y_title="Offences per month", height=height)
    figure.update_layout(showlegend=True, margin={"l": 60, "r": 15})
    top = max(band.offences.max(), band.upper_bound.max() if band.upper_bound.notna().any() else 0)
    figure.update_yaxes(range=[0, HEADROOM * max(float(top), 1.0)])  # room for the count labels
    return figure
