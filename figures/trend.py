"""Offences over time, with events marked and an optional rolling average."""

import pandas as pd
import plotly.graph_objects as go

from figures.common import FULL_WIDTH_TITLE_WRAP, TITLE_WRAP_CHARACTERS, finish_figure, strand_name
from figures.series_styles import MAX_MARKERS_PER_LINE, line_style
from figures.connect_break import mark_connect_break
from figures.expected_band import above_range_trace, band_traces
from queries.strands import STRANDS

EVENT_COLOUR = "#B2182B"
GRANULARITY_WORDS = {"month": "Month", "week": "Week starting", "day": "Day"}


def trend_figure(series: pd.DataFrame, *, time_column: str, title: str, subtitle: str, source: str,
                 events: pd.DataFrame | None = None, rolling_window: int | None = None,
                 rolling_label: str = "", log_scale: bool = False, area_names: dict | None = None,
                 height: int = 460, full_width: bool = False,
                 expected_band: pd.DataFrame | None = None) -> go.Figure:
    """`series`: time_column, strand, area, offences. One line per strand and area; with
    `rolling_window`, each line also gets its rolling mean over that many points.

    `expected_band` (monthly, one series: queries.expected_counts.expected_band) draws the
    shaded expected range under the lines and marks the months above it with a triangle
    and their count. Without it the chart is as it always was."""
    figure = go.Figure()
    band = None
    if expected_band is not None and not expected_band.empty:
        band = expected_band.rename(columns={"month": time_column})
        figure.add_traces(band_traces(band, x_column=time_column))
    area_names = area_names or {}
    areas = list(dict.fromkeys(series.area))
    # Legend in the strand order people know (distinct total first), not alphabetical.
    strands = sorted(dict.fromkeys(series.strand), key=list(STRANDS).index)
    for area_index, area in enumerate(areas):
        for strand in strands:
            line = series[(series.area == area) & (series.strand == strand)]
            name = _line_name(strand, area, area_names, len(areas), len(strands))
            style = line_style(strand, area_index, area_count=len(areas), strand_count=len(strands))
            figure.add_trace(go.Scatter(
                x=line[time_column], y=line.offences, name=name, mode="lines+markers",
                line=style.line(1.5 if rolling_window else 2.2),
                marker={**style.markers(), "maxdisplayed": MAX_MARKERS_PER_LINE},
                opacity=0.55 if rolling_window else 1.0,
                hovertemplate="%{x|%d %b %Y}<br>" + name + ": %{y:,} offences<extra></extra>",
            ))
            if rolling_window:
                rolling = line.offences.rolling(rolling_window, min_periods=rolling_window).mean()
                figure.add_trace(go.Scatter(
                    x=line[time_column], y=rolling.round(1), name=f"{name}, {rolling_label}",
                    mode="lines", line=style.line(3.2),
                    hovertemplate="%{x|%d %b %Y}<br>" + rolling_label + ": %{y:,.1f}<extra></extra>",
                ))
    if band is not None and (above := above_range_trace(band, x_column=time_column)) is not None:
        figure.add_trace(above)
    if events is not None and not events.empty:
        _mark_events(figure, events)
    # Every trend across March 2024 says the recording system changed there.
    mark_connect_break(figure, series[time_column])
    figure.update_yaxes(type="log" if log_scale else "linear")
    time_word = GRANULARITY_WORDS.get(time_column, time_column)
    y_title = "Offences per " + ("week" if time_column == "week" else time_column)
    finish_figure(figure, title=title, subtitle=subtitle, source=source, x_title=time_word,
                  y_title=y_title + (" (log scale)" if log_scale else ""), height=height,
                  title_wrap=FULL_WIDTH_TITLE_WRAP if full_width else TITLE_WRAP_CHARACTERS)
    figure.update_layout(showlegend=True)
    if log_scale:
        figure.update_yaxes(rangemode="normal")
    return figure


def _line_name(strand, area, area_names, area_count, strand_count) -> str:
    area_name = area_names.get(area, "London" if area == "london" else area)
    if area_count > 1 and strand_count > 1:
        return f"{area_name}: {strand_name(strand)}"
    if area_count > 1:
        return area_name
    return strand_name(strand)


def _mark_events(figure: go.Figure, events: pd.DataFrame) -> None:
    for index, event in enumerate(events.itertuples()):
        start = pd.Timestamp(event.start_date)
        if pd.notna(event.end_date):
            figure.add_vrect(x0=start, x1=pd.Timestamp(event.end_date), fillcolor=EVENT_COLOUR,
                             opacity=0.12, line_width=0, layer="below")
        figure.add_vline(x=start, line={"color": EVENT_COLOUR, "width": 1, "dash": "dot"})
        figure.add_annotation(
            x=start, y=1 - 0.07 * (index % 3), yref="paper", text=event.label, showarrow=False,
            xanchor="left", yanchor="top", font={"size": 11, "color": EVENT_COLOUR},
            bgcolor="rgba(255,255,255,0.8)", name="event")
