"""Offence types and outcomes within each strand: groups of bars side by side, one group
per strand, never stacked into a strand total (strands overlap, so a total across them
would count some offences twice)."""

import pandas as pd

from figures.answer import ChartAnswer, ChartText, Frame, text_lines, message_answer
from figures.common import plain_values, strand_name, strand_tick_label
from figures.series_styles import AREA_COLOURS
from figures.strand_bars import OVERLAP_NOTE
from figures.tables import series_table

# Patterns as well as colours, so the series still read in greyscale print.
SERIES_PATTERNS = ["", "/", ".", "x", "-", "\\", "|", "+"]
LEGEND_ABOVE_AT_MOST = 4  # series names that fit in one row above a chart
MEASURES = {
    "share": {"column": "share_of_strand_pct", "axis": "% of the strand's offences", "format": ".1f", "unit": "%"},
    "count": {"column": "offences", "axis": "Offences (count)", "format": ",", "unit": " offences"},
}


def strand_breakdown_bars(breakdown: pd.DataFrame, *, by: str, title: str, subtitle: tuple[str, ...], source: str,
                          measure: str = "share", series_order: list[str] | None = None,
                          empty_message: str = "No offences recorded in this period.",
                          height: int = 460) -> ChartAnswer:
    """`breakdown`: strand, `by`, offences, share_of_strand_pct (offence_types_by_strand,
    outcomes_by_strand). One bar series per value of `by`, grouped per strand."""
    if breakdown.empty:
        return message_answer(empty_message, title=title, source=source)
    spec = MEASURES[measure]
    strands = list(dict.fromkeys(breakdown.strand))
    ticks = [strand_tick_label(key) for key in strands]
    names = [strand_name(key) for key in strands]
    totals = breakdown.groupby(by).offences.sum().sort_values(ascending=False, kind="stable")
    series = series_order or totals.index.tolist()
    data, columns = [], []
    # One pass over the rows (a frame filtered per series cost ~1 ms a series).
    cells = {(strand, value): (measured, offences) for strand, value, measured, offences in
             zip(breakdown.strand, breakdown[by], plain_values(breakdown[spec["column"]]),
                 plain_values(breakdown.offences))}
    for index, value in enumerate(series):
        found = [cells.get((strand, value), (0, 0)) for strand in strands]
        y = [measured if measured is not None else 0 for measured, _ in found]
        data.append({
            "type": "bar", "name": str(value), "x": ticks, "y": y,
            "customdata": [int(offences or 0) for _, offences in found],
            # Past eight series the colours shift against the patterns, so no two look alike.
            "marker": {"color": AREA_COLOURS[(index + index // len(AREA_COLOURS)) % len(AREA_COLOURS)],
                       "pattern": {"shape": SERIES_PATTERNS[index % len(SERIES_PATTERNS)]}},
            "hovertemplate": f"%{{x}}<br>{value}: %{{y:{spec['format']}}}{spec['unit']}"
                             + (" (%{customdata:,} offences)" if measure == "share" else "") + "<extra></extra>"})
        columns.append((f"{value}: {spec['axis']}", names, y))
    layout = {"barmode": "group", "bargap": 0.2,
              "xaxis": {"tickangle": 0, "tickfont": {"size": 11}, "title": {"text": "Strand"}},
              "yaxis": {"title": {"text": spec["axis"]}, "rangemode": "tozero"}}
    if len(series) > LEGEND_ABOVE_AT_MOST:
        # Many long names (outcomes) wrap into rows that would cover the subtitle: list them beside.
        layout["legend"] = {"orientation": "v", "x": 1.01, "y": 1, "yanchor": "top", "font": {"size": 11}}
    return ChartAnswer(ChartText(title, subtitle=text_lines(subtitle), notes=(OVERLAP_NOTE,), source=source),
                       table=series_table("Strand", columns), figure={"data": data, "layout": layout},
                       frame=Frame(height=height))


def offence_types_figure(types: pd.DataFrame, *, area_name: str, period_label: str, source: str,
                         measure: str = "share", height: int = 460) -> ChartAnswer:
    """`types`: offence_types_by_strand()."""
    return strand_breakdown_bars(
        types, by="offence_type", measure=measure, source=source,
        title=f"Offence types within each strand, {area_name}, {period_label}",
        subtitle=("Each strand's bars are that strand's offences by offence type.",),
        empty_message=f"No offences recorded in {area_name} in this period.", height=height)


def outcomes_figure(outcomes: pd.DataFrame, *, area_name: str, period_label: str, source: str,
                    measure: str = "share", height: int = 560) -> ChartAnswer:
    """`outcomes`: outcomes_by_strand()."""
    return strand_breakdown_bars(
        outcomes, by="outcome", measure=measure, source=source,
        title=f"Outcomes within each strand, {area_name}, {period_label}",
        subtitle=("Outcomes as the extract records them. An outcome can come months after the offence,",
                  "so recent offences more often have none yet."),
        empty_message=f"No offences recorded in {area_name} in this period.", height=height)
