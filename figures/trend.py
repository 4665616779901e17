"""Offences over time, with events marked and an optional rolling average."""

import pandas as pd

from figures.answer import ChartAnswer, ChartText, Frame, text_lines
from figures.common import plain_date, plain_dates, plain_values, strand_name
from figures.connect_break import mark_connect_break
from figures.expected_band import above_column, above_range_trace, band_columns, band_traces
from figures.series_styles import MAX_MARKERS_PER_LINE, line_style
from figures.tables import series_table
from queries.strands import STRANDS

EVENT_COLOUR = "#B2182B"
EVENTS_SENTENCE = "Dotted red lines mark events."
GRANULARITY_WORDS = {"month": "Month", "week": "Week starting", "day": "Day"}


def trend_figure(series: pd.DataFrame, *, time_column: str, title: str, subtitle: tuple[str, ...], source: str,
                 events: pd.DataFrame | None = None, rolling_window: int | None = None,
                 rolling_label: str = "", log_scale: bool = False, area_names: dict | None = None,
                 height: int = 460, full_width: bool = False,
                 expected_band: pd.DataFrame | None = None, visible: tuple | None = None) -> ChartAnswer:
    """`series`: time_column, strand, area, offences. One line per strand and area; with
    `rolling_window`, each line also gets its rolling mean over that many points.

    `expected_band` (monthly, one series: queries.expected_counts.expected_band) draws the
    shaded expected range under the lines and marks the months above it with a triangle
    and their count. `visible` (first, last date): the axis shows only those, and the
    table holds only their rows (a line can start earlier, to begin its rolling mean)."""
    time_word = GRANULARITY_WORDS.get(time_column, time_column)
    unit = "Offences per " + ("week" if time_column == "week" else time_column)
    data, columns = [], []
    band = None
    if expected_band is not None and not expected_band.empty:
        band = expected_band.rename(columns={"month": time_column})
        data += band_traces(band, x_column=time_column)
        columns += band_columns(band, unit, x_column=time_column)
    area_names = area_names or {}
    areas = list(dict.fromkeys(series.area))
    # Legend in the strand order people know (distinct total first), not alphabetical.
    strands = sorted(dict.fromkeys(series.strand), key=list(STRANDS).index)
    lines = dict(iter(series.groupby(["area", "strand"], sort=False)))
    for area_index, area in enumerate(areas):
        for strand in strands:
            line = lines.get((area, strand), series.iloc[:0])
            name = _line_name(strand, area, area_names, len(areas), len(strands))
            style = line_style(strand, area_index, area_count=len(areas), strand_count=len(strands))
            x, y = plain_dates(line[time_column]), plain_values(line.offences)
            data.append({
                "type": "scatter", "x": x, "y": y, "name": name, "mode": "lines+markers",
                "line": style.line(1.5 if rolling_window else 2.2),
                "marker": {**style.markers(), "maxdisplayed": MAX_MARKERS_PER_LINE},
                "opacity": 0.55 if rolling_window else 1.0,
                "hovertemplate": "%{x|%d %b %Y}<br>" + name + ": %{y:,} offences<extra></extra>"})
            columns.append((f"{name}: {unit}", x, y))
            if rolling_window:
                rolling = plain_values(line.offences.rolling(rolling_window, min_periods=rolling_window).mean().round(1))
                data.append({
                    "type": "scatter", "x": x, "y": rolling, "name": f"{name}, {rolling_label}", "mode": "lines",
                    "line": style.line(3.2),
                    "hovertemplate": "%{x|%d %b %Y}<br>" + rolling_label + ": %{y:,.1f}<extra></extra>"})
                columns.append((f"{name}, {rolling_label}: {unit}", x, rolling))
    if band is not None and (above := above_range_trace(band, x_column=time_column)) is not None:
        data.append(above)
        columns += above_column(band, unit, x_column=time_column)
    layout = {"showlegend": True,
              "xaxis": {"title": {"text": time_word}},
              "yaxis": {"title": {"text": unit + (" (log scale)" if log_scale else "")},
                        "rangemode": "normal" if log_scale else "tozero", "type": "log" if log_scale else "linear"}}
    shown_events = _events_in_view(events, visible)
    if shown_events is not None:
        _mark_events(layout, shown_events)
        # Said only when a line is drawn, as a line of its own: a half-width chart cuts long ones.
        subtitle = (*subtitle, EVENTS_SENTENCE)
    # Every trend across March 2024 says the recording system changed there.
    mark_connect_break(layout, series[time_column])
    table = series_table(time_word, columns)
    if visible is not None:
        first, last = plain_date(visible[0]), plain_date(visible[1])
        layout["xaxis"]["range"] = [plain_date(pd.Timestamp(visible[0]) - pd.Timedelta(days=15)),
                                    plain_date(pd.Timestamp(visible[1]) + pd.Timedelta(days=15))]
        inside = (table[time_word] >= first) & (table[time_word] <= last)
        table = table[inside].reset_index(drop=True)
    return ChartAnswer(ChartText(title, subtitle=text_lines(subtitle), source=source), table=table,
                       figure={"data": data, "layout": layout}, frame=Frame(height=height, full_width=full_width))


def _events_in_view(events: pd.DataFrame | None, visible) -> pd.DataFrame | None:
    """The events the axis shows (all of them when it shows everything), or None."""
    if events is None or events.empty:
        return None
    if visible is not None:
        starts = pd.to_datetime(events.start_date)
        last_day = pd.Timestamp(visible[1]) + pd.offsets.MonthEnd(0)
        events = events[(starts >= pd.Timestamp(visible[0])) & (starts <= last_day)]
    return None if events.empty else events


def _line_name(strand, area, area_names, area_count, strand_count) -> str:
    area_name = area_names.get(area, "London" if area == "london" else area)
    if area_count > 1 and strand_count > 1:
        return f"{area_name}: {strand_name(strand)}"
    if area_count > 1:
        return area_name
    return strand_name(strand)


def _mark_events(layout: dict, events: pd.DataFrame) -> None:
    shapes, labels = layout.setdefault("shapes", []), layout.setdefault("annotations", [])
    for index, event in enumerate(events.itertuples()):
        start = plain_date(event.start_date)
        if pd.notna(event.end_date):
            shapes.append({"type": "rect", "x0": start, "x1": plain_date(event.end_date), "xref": "x",
                           "y0": 0, "y1": 1, "yref": "y domain", "fillcolor": EVENT_COLOUR, "opacity": 0.12,
                           "line": {"width": 0}, "layer": "below"})
        shapes.append({"type": "line", "x0": start, "x1": start, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain",
                       "line": {"color": EVENT_COLOUR, "width": 1, "dash": "dot"}})
        labels.append({"x": start, "y": 1 - 0.07 * (index % 3), "yref": "paper", "text": event.label,
                       "showarrow": False, "xanchor": "left", "yanchor": "top",
                       "font": {"size": 11, "color": EVENT_COLOUR}, "bgcolor": "rgba(255,255,255,0.8)",
                       "name": "event"})


REVIEW_MARKER_COLOUR = "#1B4F72"
REVIEW_TRACE_NAME = "Reviewed month"


def review_marker_trace(months: list, offences: list, labels: list[str], hover_texts: list[str]) -> dict:
    """A star on each reviewed month of a trend, its status written beside it (so it is
    never colour alone) and the meeting's note in its hover text. The texts arrive
    escaped (a person typed them; Plotly reads tags in hover text as formatting)."""
    return {"type": "scatter", "x": [plain_date(month) for month in months], "y": list(offences),
            "name": REVIEW_TRACE_NAME, "mode": "markers+text", "text": list(labels),
            "textposition": "middle left", "textfont": {"size": 11, "color": REVIEW_MARKER_COLOUR},
            "marker": {"symbol": "star", "size": 16, "color": REVIEW_MARKER_COLOUR,
                       "line": {"color": "#FFFFFF", "width": 1}},
            "hovertext": list(hover_texts), "hovertemplate": "%{hovertext}<extra></extra>", "cliponaxis": False}
