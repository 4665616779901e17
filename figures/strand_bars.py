"""Strand breakdowns: bars side by side, never stacked, because strands overlap."""

import pandas as pd

from figures.answer import ChartAnswer, ChartText, Frame, text_lines
from figures.common import STRAND_COLOURS, plain_values, strand_name, strand_tick_label
from figures.tables import series_table
from queries.rates import RATE_AXIS, RATE_UNIT

OVERLAP_NOTE = "Strands overlap: one offence can carry several, so the bars do not add up to the total."
CHANGE_ON_BAR = "% change shown on the bar"


def strand_comparison_bars(comparison: pd.DataFrame, *, title: str, subtitle: tuple[str, ...], source: str,
                           current_label: str, previous_label: str, height: int = 420) -> ChartAnswer:
    """`comparison`: strand, offences, previous_offences, change_pct (strand_period_comparison).
    Two bars per strand (this period, the one before), grouped, with % change on top."""
    ticks = [strand_tick_label(key) for key in comparison.strand]
    names = [strand_name(key) for key in comparison.strand]
    previous, current = plain_values(comparison.previous_offences), plain_values(comparison.offences)
    changes = [None if pd.isna(change) else round(float(change), 1) for change in comparison.change_pct]
    data = [
        {"type": "bar", "name": previous_label, "x": ticks, "y": previous,
         "marker": {"color": "#bdbdbd", "pattern": {"shape": "/", "fgcolor": "#737373"}},
         "hovertemplate": "%{x}<br>" + previous_label + ": %{y:,} offences<extra></extra>"},
        {"type": "bar", "name": current_label, "x": ticks, "y": current,
         "marker": {"color": [STRAND_COLOURS[k] for k in comparison.strand]},
         "text": ["" if change is None else f"{change:+.1f}%" for change in changes],
         "textposition": "outside", "cliponaxis": False,
         "hovertemplate": "%{x}<br>" + current_label + ": %{y:,} offences<extra></extra>"},
    ]
    # One size for every % label: plotly otherwise shrinks those that crowd their bar.
    layout = {"barmode": "group", "bargap": 0.25, "uniformtext": {"minsize": 12, "mode": "show"},
              "xaxis": {"tickangle": 0, "title": {"text": "Strand"}},
              "yaxis": {"title": {"text": "Offences (count)"}, "rangemode": "tozero"}}
    table = series_table("Strand", [(f"{previous_label}: Offences (count)", names, previous),
                                    (f"{current_label}: Offences (count)", names, current),
                                    (f"{current_label}: {CHANGE_ON_BAR}", names, changes)])
    return ChartAnswer(ChartText(title, subtitle=text_lines(subtitle), notes=(OVERLAP_NOTE,), source=source),
                       table=table, figure={"data": data, "layout": layout}, frame=Frame(height=height))


def area_rate_bars(rates: pd.DataFrame, *, area_names: dict, title: str, subtitle: tuple[str, ...],
                   source: str, height: int = 420) -> ChartAnswer:
    """`rates`: area, strand, rate_per_1000_per_year (area_strand_rates). One group of bars per strand:
    the borough, its inner/outer London group and London, side by side."""
    patterns = {"borough": "", "group": "/", "london": "."}
    colours = {"borough": "#0072B2", "group": "#E69F00", "london": "#7f7f7f"}
    unit = RATE_AXIS
    data, columns = [], []
    bars: dict[str, tuple[list, list]] = {}  # area -> its strands and rates, in the rows' order
    for area, strand, rate in zip(rates.area.tolist(), rates.strand.tolist(),
                                  plain_values(rates.rate_per_1000_per_year)):
        strands, y = bars.setdefault(area, ([], []))
        strands.append(strand)
        y.append(rate)
    for area, (strands, y) in bars.items():
        data.append({
            "type": "bar", "name": area_names[area], "x": [strand_tick_label(k) for k in strands], "y": y,
            "marker": {"color": colours[area], "pattern": {"shape": patterns[area]}},
            "hovertemplate": "%{x}<br>" + area_names[area] + ": %{y:.2f} " + RATE_UNIT + "<extra></extra>"})
        columns.append((f"{area_names[area]}: {unit}", [strand_name(k) for k in strands], y))
    layout = {"barmode": "group", "bargap": 0.2,
              "xaxis": {"tickangle": 0, "tickfont": {"size": 11}, "title": {"text": "Strand"}},  # eight groups, half width
              "yaxis": {"title": {"text": unit}, "rangemode": "tozero"}}
    return ChartAnswer(ChartText(title, subtitle=text_lines(subtitle), source=source), table=series_table("Strand", columns),
                       figure={"data": data, "layout": layout}, frame=Frame(height=height))
