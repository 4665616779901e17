"""One partner source's counts as a small panel beside the police figures: each count is
drawn across the months it counts, a flat line from the start of its period to the end
(a half-year as a half-year, never spread over months), so a count of six months is never
read as a month's. Gaps between periods are left open; two series are never joined.

Nothing here reads or draws a police figure: the panel sits beside the police charts on
the same time axis (the page's period), never on top of them.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from figures.answer import ChartAnswer, ChartText, Frame, text_lines
from figures.common import plain_date
from figures.series_styles import STRAND_STYLES
from queries.partner_reports import MEASURES, period_words, strand_label

PLOT_HEIGHT = 330           # the plot and its axes, before the words above it
WORDS_LINE_HEIGHT = 21      # one wrapped line of subtitle or notes
WORDS_LINE_CHARACTERS = 100  # about as many as a line of the page's and the export's small print holds
SUPPRESSED_FILL = "rgba(120, 120, 120, 0.18)"
SERIES_BREAK_COLOUR = "#555555"
PALETTE = list(STRAND_STYLES.values())
TRACE_KEY = ["series", "measure", "strand", "category", "setting"]
COUNT_COLUMN = "Count (as the partner published it)"


def trace_name(key: dict, *, several_series: bool, several_measures: bool, several_categories: bool) -> str:
    parts = [key["series"]] if several_series else []
    parts.append(strand_label(key["strand"]))
    if key["category"] and several_categories:
        parts.append(key["category"])
    if key["setting"] != "unknown":
        parts.append(key["setting"])
    if several_measures:
        parts.append(MEASURES[key["measure"]])
    return ", ".join(parts)


def _end_exclusive(day) -> str:
    return plain_date(pd.Timestamp(day) + pd.Timedelta(days=1))


def panel_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The numbers the panel draws, one row per period as published: periods as dates and
    words, the count (empty where the partner suppressed it, never 0)."""
    return pd.DataFrame({
        "Period start": [plain_date(day) for day in rows.period_start],
        "Period end": [plain_date(day) for day in rows.period_end],
        "Period": [period_words(pd.Timestamp(s).date(), pd.Timestamp(e).date())
                   for s, e in zip(rows.period_start, rows.period_end)],
        "Area": rows.area_name.tolist(),
        "Series": rows.series.tolist(),
        "What is counted": [MEASURES[m] for m in rows.measure],
        "Strand": [strand_label(s) for s in rows.strand],
        "Partner's category": rows.category.tolist(),
        "Setting": rows.setting.tolist(),
        COUNT_COLUMN: pd.array(rows["count"].tolist(), dtype="Int64"),
        "Suppressed by the partner": ["yes" if pd.isna(c) else "no" for c in rows["count"]],
        "Includes police reports": rows.includes_police_reports.tolist(),
    })


def partner_panel_figure(rows: pd.DataFrame, *, shown: tuple[dt.date, dt.date], title: str,
                         subtitle: tuple[str, ...], notes: tuple[str, ...], source: str) -> ChartAnswer:
    """`rows`: one source's counts for one area (queries.partner_reports), periods that
    touch `shown` (the page's first day and the day after its last)."""
    rows = rows.sort_values(TRACE_KEY + ["period_start"]).reset_index(drop=True)
    several_series = rows.series.nunique() > 1
    several_measures = rows.measure.nunique() > 1
    several_categories = rows.category.nunique() > 1
    data, shapes, annotations = [], [], []
    for index, (values, group) in enumerate(rows.groupby(TRACE_KEY, sort=False)):
        key = dict(zip(TRACE_KEY, values))
        style = PALETTE[index % len(PALETTE)]
        x, y, hover = [], [], []
        for row in group.itertuples():
            start, end = plain_date(row.period_start), _end_exclusive(row.period_end)
            words = period_words(pd.Timestamp(row.period_start).date(), pd.Timestamp(row.period_end).date())
            if pd.isna(row.count):
                # A grey band the height of the panel: a suppressed count is not zero.
                shapes.append({"type": "rect", "xref": "x", "yref": "paper", "x0": start, "x1": end, "y0": 0,
                               "y1": 1, "fillcolor": SUPPRESSED_FILL, "line": {"width": 0}, "layer": "below"})
                continue
            count = int(row.count)
            label = f"{words}: {count:,} {MEASURES[row.measure]}"
            # Each period is its own flat line; the None after it keeps the next from joining it.
            x += [start, end, end]
            y += [count, count, None]
            hover += [label, label, None]
        if not x:
            continue
        data.append({"type": "scatter", "mode": "lines", "x": x, "y": y, "customdata": hover,
                     "name": trace_name(key, several_series=several_series, several_measures=several_measures,
                                         several_categories=several_categories),
                     "line": style.line(3), "connectgaps": False,
                     "hovertemplate": "%{customdata}<extra>%{fullData.name}</extra>"})
    if several_series:
        for series, first in rows.groupby("series", sort=False).period_start.min().sort_values().iloc[1:].items():
            shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": plain_date(first), "x1": plain_date(first),
                           "y0": 0, "y1": 1, "line": {"color": SERIES_BREAK_COLOUR, "width": 1.5, "dash": "dash"}})
            annotations.append({"x": plain_date(first), "xref": "x", "y": 0.98, "yref": "paper", "yanchor": "top",
                                "xanchor": "left", "showarrow": False, "text": f"New series: {series}",
                                "font": {"size": 11, "color": SERIES_BREAK_COLOUR}})
    first = min([shown[0], *[pd.Timestamp(day).date() for day in rows.period_start]])
    last = max([shown[1], *[pd.Timestamp(day).date() + dt.timedelta(days=1) for day in rows.period_end]])
    unit = MEASURES[rows.measure.iloc[0]] if not several_measures else "count, as published"
    layout = {"showlegend": len(data) > 1,
              "xaxis": {"type": "date", "range": [plain_date(first), plain_date(last)]},
              "yaxis": {"title": {"text": unit}, "rangemode": "tozero"},
              "shapes": shapes, "annotations": annotations}
    return ChartAnswer(ChartText(title, subtitle=text_lines(subtitle), notes=text_lines(notes), source=source),
                       table=panel_table(rows), figure={"data": data, "layout": layout},
                       frame=Frame(height=panel_height(subtitle, notes), full_width=True))


def panel_height(subtitle, notes) -> int:
    """Room for the plot whatever the words above it: each wrapped line pushes it down."""
    lines = sum(max(1, -(-len(line) // WORDS_LINE_CHARACTERS)) for line in (*subtitle, *notes))
    return PLOT_HEIGHT + WORDS_LINE_HEIGHT * lines
