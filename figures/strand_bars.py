"""Strand breakdowns: bars side by side, never stacked, because strands overlap."""

import pandas as pd
import plotly.graph_objects as go

from figures.common import STRAND_COLOURS, finish_figure, strand_tick_label

OVERLAP_NOTE = "Strands overlap: one offence can carry several, so the bars do not add up to the total."


def strand_comparison_bars(comparison: pd.DataFrame, *, title: str, subtitle: str, source: str,
                           current_label: str, previous_label: str, height: int = 420) -> go.Figure:
    """`comparison`: strand, offences, previous_offences, change_pct (strand_period_comparison).
    Two bars per strand (this period, the one before), grouped, with % change on top."""
    names = [strand_tick_label(key) for key in comparison.strand]
    figure = go.Figure([
        go.Bar(name=previous_label, x=names, y=comparison.previous_offences,
               marker={"color": "#bdbdbd", "pattern": {"shape": "/", "fgcolor": "#737373"}},
               hovertemplate="%{x}<br>" + previous_label + ": %{y:,} offences<extra></extra>"),
        go.Bar(name=current_label, x=names, y=comparison.offences,
               marker={"color": [STRAND_COLOURS[k] for k in comparison.strand]},
               text=[("" if pd.isna(c) else f"{c:+.1f}%") for c in comparison.change_pct],
               textposition="outside", cliponaxis=False,
               hovertemplate="%{x}<br>" + current_label + ": %{y:,} offences<extra></extra>"),
    ])
    # One size for every % label: plotly otherwise shrinks those that crowd their bar.
    figure.update_layout(barmode="group", bargap=0.25, uniformtext={"minsize": 12, "mode": "show"})
    figure.update_xaxes(tickangle=0)
    subtitle = f"{subtitle}<br><span style='font-size:12px'>{OVERLAP_NOTE}</span>"
    return finish_figure(figure, title=title, subtitle=subtitle, source=source,
                         x_title="Strand", y_title="Offences (count)", height=height)


def area_rate_bars(rates: pd.DataFrame, *, area_names: dict, title: str, subtitle: str,
                   source: str, height: int = 420) -> go.Figure:
    """`rates`: area, strand, rate_per_1000 (area_strand_rates). One group of bars per strand:
    the borough, its inner/outer London group and London, side by side."""
    patterns = {"borough": "", "group": "/", "london": "."}
    colours = {"borough": "#0072B2", "group": "#E69F00", "london": "#7f7f7f"}
    figure = go.Figure()
    for area, frame in rates.groupby("area", sort=False):
        figure.add_trace(go.Bar(
            name=area_names[area], x=[strand_tick_label(k) for k in frame.strand], y=frame.rate_per_1000,
            marker={"color": colours[area], "pattern": {"shape": patterns[area]}},
            hovertemplate="%{x}<br>" + area_names[area] + ": %{y:.2f} per 1,000 residents<extra></extra>",
        ))
    figure.update_layout(barmode="group", bargap=0.2)
    figure.update_xaxes(tickangle=0, tickfont={"size": 11})  # eight groups in a half-width chart
    return finish_figure(figure, title=title, subtitle=subtitle, source=source,
                         x_title="Strand", y_title="Offences per 1,000 residents", height=height)
