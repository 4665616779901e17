"""One partner source's counts as a small panel beside the police figures: each count is
drawn across the months it counts, a flat line from the start of its period to the end
(a half-year as a half-year, never spread over months), so a count of six months is never
read as a month's. Gaps between periods are left open; two series are never joined.

Nothing here reads or draws a police figure: the panel sits beside the police charts on
the same time axis (the page's period), never on top of them.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import NamedTuple

import pandas as pd

from figures.answer import ChartAnswer, ChartText, Frame, text_lines
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


class _Published(NamedTuple):
    """One published count, as plain values (a frame's row costs a hundred times more to read)."""

    series: str
    measure: str
    strand: str
    category: str
    setting: str
    period_start: dt.date
    period_end: dt.date
    area_name: str
    count: object                  # an int, or missing where the partner suppressed it
    includes_police_reports: str

    @property
    def key(self) -> tuple:
        return self[:len(TRACE_KEY)]


def _day(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _published(rows: pd.DataFrame) -> list[_Published]:
    """`rows` in the panel's order: by line (TRACE_KEY), then by period."""
    columns = [rows[name].tolist() for name in (*TRACE_KEY, "period_start", "period_end", "area_name", "count",
                                                 "includes_police_reports")]
    columns[5] = [_day(day) for day in columns[5]]
    columns[6] = [_day(day) for day in columns[6]]
    # A stable sort on the same keys as the frame's sort_values, so ties keep their order.
    return sorted(map(_Published._make, zip(*columns)), key=lambda row: (*row.key, row.period_start))


def panel_table(published: list[_Published]) -> pd.DataFrame:
    """The numbers the panel draws, one row per period as published: periods as dates and
    words, the count (empty where the partner suppressed it, never 0)."""
    return pd.DataFrame({
        "Period start": [row.period_start.isoformat() for row in published],
        "Period end": [row.period_end.isoformat() for row in published],
        "Period": [period_words(row.period_start, row.period_end) for row in published],
        "Area": [row.area_name for row in published],
        "Series": [row.series for row in published],
        "What is counted": [MEASURES[row.measure] for row in published],
        "Strand": [strand_label(row.strand) for row in published],
        "Partner's category": [row.category for row in published],
        "Setting": [row.setting for row in published],
        COUNT_COLUMN: pd.array([row.count for row in published], dtype="Int64"),
        "Suppressed by the partner": ["yes" if pd.isna(row.count) else "no" for row in published],
        "Includes police reports": [row.includes_police_reports for row in published],
    })


def partner_panel_figure(rows: pd.DataFrame, *, shown: tuple[dt.date, dt.date], title: str,
                         subtitle: tuple[str, ...], notes: tuple[str, ...], source: str) -> ChartAnswer:
    """`rows`: one source's counts for one area (queries.partner_reports), periods that
    touch `shown` (the page's first day and the day after its last)."""
    published = _published(rows)
    several_series = len({row.series for row in published}) > 1
    several_measures = len({row.measure for row in published}) > 1
    several_categories = len({row.category for row in published}) > 1
    data, shapes, annotations = [], [], []
    for index, (values, group) in enumerate(itertools.groupby(published, key=lambda row: row.key)):
        key = dict(zip(TRACE_KEY, values))
        style = PALETTE[index % len(PALETTE)]
        x, y, hover = [], [], []
        for row in group:
            start, end = row.period_start.isoformat(), (row.period_end + dt.timedelta(days=1)).isoformat()
            if pd.isna(row.count):
                # A grey band the height of the panel: a suppressed count is not zero.
                shapes.append({"type": "rect", "xref": "x", "yref": "paper", "x0": start, "x1": end, "y0": 0,
                               "y1": 1, "fillcolor": SUPPRESSED_FILL, "line": {"width": 0}, "layer": "below"})
                continue
            count = int(row.count)
            label = f"{period_words(row.period_start, row.period_end)}: {count:,} {MEASURES[row.measure]}"
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
        firsts: dict[str, dt.date] = {}
        for row in published:
            firsts[row.series] = min(firsts.get(row.series, row.period_start), row.period_start)
        for series, first in sorted(firsts.items(), key=lambda item: item[1])[1:]:
            shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": first.isoformat(),
                           "x1": first.isoformat(), "y0": 0, "y1": 1,
                           "line": {"color": SERIES_BREAK_COLOUR, "width": 1.5, "dash": "dash"}})
            annotations.append({"x": first.isoformat(), "xref": "x", "y": 0.98, "yref": "paper", "yanchor": "top",
                                "xanchor": "left", "showarrow": False, "text": f"New series: {series}",
                                "font": {"size": 11, "color": SERIES_BREAK_COLOUR}})
    first = min([shown[0], *[row.period_start for row in published]])
    last = max([shown[1], *[row.period_end + dt.timedelta(days=1) for row in published]])
    unit = MEASURES[published[0].measure] if not several_measures else "count, as published"
    layout = {"showlegend": len(data) > 1,
              "xaxis": {"type": "date", "range": [first.isoformat(), last.isoformat()]},
              "yaxis": {"title": {"text": unit}, "rangemode": "tozero"},
              "shapes": shapes, "annotations": annotations}
    return ChartAnswer(ChartText(title, subtitle=text_lines(subtitle), notes=text_lines(notes), source=source),
                       table=panel_table(published), figure={"data": data, "layout": layout},
                       frame=Frame(height=panel_height(subtitle, notes), full_width=True))


def panel_height(subtitle, notes) -> int:
    """Room for the plot whatever the words above it: each wrapped line pushes it down."""
    lines = sum(max(1, -(-len(line) // WORDS_LINE_CHARACTERS)) for line in (*subtitle, *notes))
    return PLOT_HEIGHT + WORDS_LINE_HEIGHT * lines
