"""Offence types and outcomes within each strand: groups of bars side by side, one group
per strand, never stacked into a strand total (strands overlap, so a total across them
would count some offences twice)."""

import pandas as pd
import plotly.graph_objects as go

from figures.common import finish_figure, message_figure, strand_tick_label
from figures.series_styles import AREA_COLOURS
from figures.strand_bars import OVERLAP_NOTE

# Patterns as well as colours, so the series still read in greyscale print.
SERIES_PATTERNS = ["", "/", ".", "x", "-", "\\", "|", "+"]
LEGEND_ABOVE_AT_MOST = 4  # series names that fit in one row above a chart
MEASURES = {
    "share": {"column": "share_of_strand_pct", "axis": "% of the strand's offences", "format": ".1f", "unit": "%"},
    "count": {"column": "offences", "axis": "Offences (count)", "format": ",", "unit": " offences"},
}


def strand_breakdown_bars(breakdown: pd.DataFrame, *, by: str, title: str, subtitle: str, source: str,
                          measure: str = "share", series_order: list[str] | None = None,
                          empty_message: str = "No offences recorded in this period.",
                          height: int = 460) -> go.Figure:
    """`breakdown`: strand, `by`, offences, share_of_strand_pct (offence_types_by_strand,
    outcomes_by_strand). One bar series per value of `by`, grouped per strand."""
    if breakdown.empty:
        return message_figure(empty_message, title=title)
    spec = MEASURES[measure]
    strands = list(dict.fromkeys(breakdown.strand))
    ticks = [strand_tick_label(key) for key in strands]
    totals = breakdown.groupby(by).offences.sum().sort_values(ascending=False, kind="stable")
    series = series_order or totals.index.tolist()
    figure = go.Figure()
    for index, value in enumerate(series):
        rows = breakdown[breakdown[by] == value].set_index("strand").reindex(strands)
        figure.add_trace(go.Bar(
            name=str(value), x=ticks, y=rows[spec["column"]].fillna(0),
            customdata=rows.offences.fillna(0).astype(int),
            # Past eight series the colours shift against the patterns, so no two look alike.
            marker={"color": AREA_COLOURS[(index + index // len(AREA_COLOURS)) % len(AREA_COLOURS)],
                    "pattern": {"shape": SERIES_PATTERNS[index % len(SERIES_PATTERNS)]}},
            hovertemplate=f"%{{x}}<br>{value}: %{{y:{spec['format']}}}{spec['unit']}"
                          + (" (%{customdata:,} offences)" if measure == "share" else "") + "<extra></extra>"))
    figure.update_layout(barmode="group", bargap=0.2)
    figure.update_xaxes(tickangle=0, tickfont={"size": 11})
    subtitle = f"{subtitle}<br><span style='font-size:12px'>{OVERLAP_NOTE}</span>"
    finish_figure(figure, title=title, subtitle=subtitle, source=source, x_title="Strand",
                  y_title=spec["axis"], height=height)
    if len(series) > LEGEND_ABOVE_AT_MOST:
        # Many long names (outcomes) wrap into rows that would cover the subtitle: list them beside.
        figure.update_layout(legend={"orientation": "v", "x": 1.01, "y": 1, "yanchor": "top",
                                     "font": {"size": 11}})
    return figure


def offence_types_figure(types: pd.DataFrame, *, area_name: str, period_label: str, source: str,
                         measure: str = "share", height: int = 460) -> go.Figure:
    """`types`: offence_types_by_strand()."""
    return strand_breakdown_bars(
        types, by="offence_type", measure=measure, source=source,
        title=f"Offence types within each strand, {area_name}, {period_label}",
        subtitle="Each strand's bars are that strand's offences by offence type.",
        empty_message=f"No offences recorded in {area_name} in this period.", height=height)


def outcomes_figure(outcomes: pd.DataFrame, *, area_name: str, period_label: str, source: str,
                    measure: str = "share", height: int = 560) -> go.Figure:
    """`outcomes`: outcomes_by_strand()."""
    return strand_breakdown_bars(
        outcomes, by="outcome", measure=measure, source=source,
        title=f"Outcomes within each strand, {area_name}, {period_label}",
        subtitle="Outcomes as the extract records them. An outcome can come months after the offence,<br>"
                 "so recent offences more often have none yet.",
        empty_message=f"No offences recorded in {area_name} in this period.", height=height)
