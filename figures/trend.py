"""Offences over time, with events marked and an optional rolling average."""

import itertools
import math
from typing import NamedTuple

import numpy as np
import pandas as pd

from figures.answer import ChartAnswer, ChartText, Frame, text_lines
from figures.common import plain_date, plain_dates, plain_values, strand_name
from figures.connect_break import BREAK_NAME, mark_connect_break
from figures.expected_band import above_column, above_range_trace, band_columns, band_months, band_traces
from figures.series_styles import MAX_MARKERS_PER_LINE, line_style
from figures.tables import series_table
from queries.strands import STRANDS

EVENT_COLOUR = "#B2182B"
EVENTS_SENTENCE = "Dotted red lines mark events."
# Events are numbered in a strip of their own at the top of the plot, with the key in the
# subtitle: a full label on the plot covered the month it was about (Camden's July 2017,
# under "London Bridge attack") and June 2017's three labels covered each other.
EVENT_ROW_HEIGHT = 0.075   # of the plot's height: one row of numbers at 11 px, and at 24 px on a slide
EVENT_MIN_GAP = 0.02       # of the axis's width, kept clear between two labels on one row
EVENT_NUMBER_WIDTH = 0.03  # a one- or two-digit number in its box, of a half-width chart's axis
CONNECT_LABEL_WIDTH = 0.4  # "New recording system (CONNECT), Mar 2024" on a half-width chart
EVENT_STRIP_GAP = 0.12     # between the strip and the highest point drawn, for a spike's count label
EVENT_NAME = "event"
GRANULARITY_WORDS = {"month": "Month", "week": "Week starting", "day": "Day"}
RATE_DECIMALS = 3  # a strand's monthly rate a year can be 0.02 per 1,000: one decimal would flatten it


def trend_figure(series: pd.DataFrame, *, time_column: str, title: str, subtitle: tuple[str, ...], source: str,
                 events: pd.DataFrame | None = None, rolling_window: int | None = None,
                 rolling_label: str = "", log_scale: bool = False, area_names: dict | None = None,
                 height: int = 460, full_width: bool = False,
                 expected_band: pd.DataFrame | None = None, visible: tuple | None = None,
                 rate_unit: str | None = None) -> ChartAnswer:
    """`series`: time_column, strand, area, offences. One line per strand and area; with
    `rolling_window`, each line also gets its rolling mean over that many points.

    `expected_band` (monthly, one series: queries.expected_counts.expected_band) draws the
    shaded expected range under the lines and marks the months above it with a triangle
    and their count. `visible` (first, last date): the axis shows only those, and the
    table holds only their rows (a line can start earlier, to begin its rolling mean).
    `rate_unit`: the `offences` column holds rates in that unit, not counts."""
    time_word = GRANULARITY_WORDS.get(time_column, time_column)
    unit = rate_unit or "Offences per " + ("week" if time_column == "week" else time_column)
    hover_value = f"%{{y:.2f}} {rate_unit.removeprefix('Offences ')}" if rate_unit else "%{y:,} offences"
    data, columns = [], []
    band = None
    if expected_band is not None and not expected_band.empty:
        band = band_months(expected_band)
        data += band_traces(band)
        columns += band_columns(band, unit)
    area_names = area_names or {}
    lines = _lines(series, time_column)
    areas = list(dict.fromkeys(area for area, _ in lines))
    # Legend in the strand order people know (distinct total first), not alphabetical.
    strands = sorted(dict.fromkeys(strand for _, strand in lines), key=list(STRANDS).index)
    for area_index, area in enumerate(areas):
        for strand in strands:
            x, values = lines.get((area, strand), ([], []))
            y = plain_values(values)
            name = _line_name(strand, area, area_names, len(areas), len(strands))
            style = line_style(strand, area_index, area_count=len(areas), strand_count=len(strands))
            data.append({
                "type": "scatter", "x": x, "y": y, "name": name, "mode": "lines+markers",
                "line": style.line(1.5 if rolling_window else 2.2),
                "marker": {**style.markers(), "maxdisplayed": MAX_MARKERS_PER_LINE},
                "opacity": 0.55 if rolling_window else 1.0,
                "hovertemplate": "%{x|%d %b %Y}<br>" + name + ": " + hover_value + "<extra></extra>"})
            columns.append((f"{name}: {unit}", x, y))
            if rolling_window:
                rolling = rolling_mean(values, rolling_window, RATE_DECIMALS if rate_unit else 1)
                data.append({
                    "type": "scatter", "x": x, "y": rolling, "name": f"{name}, {rolling_label}", "mode": "lines",
                    "line": style.line(3.2),
                    "hovertemplate": "%{x|%d %b %Y}<br>" + rolling_label + ": %{y:,.1f}<extra></extra>"})
                columns.append((f"{name}, {rolling_label}: {unit}", x, rolling))
    if band is not None and (above := above_range_trace(band)) is not None:
        data.append(above)
        columns += above_column(band, unit)
    layout = {"showlegend": True,
              "xaxis": {"title": {"text": time_word}},
              "yaxis": {"title": {"text": unit + (" (log scale)" if log_scale else "")},
                        "rangemode": "normal" if log_scale else "tozero", "type": "log" if log_scale else "linear"}}
    shown_events = _events_in_view(events, visible)
    # Every trend across March 2024 says the recording system changed there.
    mark_connect_break(layout, series[time_column])
    strip = _Strip(_axis_span(series[time_column], visible))
    if shown_events is not None:
        _mark_events(layout, shown_events, strip)
        # Said only when a line is drawn, as a line of its own: a half-width chart cuts long ones.
        subtitle = (*subtitle, events_key(shown_events))
    for label in layout.get("annotations", []):
        if label.get("name") == BREAK_NAME:
            # In the strip, clear of the numbers and the data, on the side of its line with room.
            label.update(strip.place(label["x"], label["text"], CONNECT_LABEL_WIDTH,
                                     xanchor="left" if strip.fraction(label["x"]) < 0.5 else "right"))
    if strip.rows:
        _leave_room_above(layout["yaxis"], data, strip.rows, log_scale=log_scale)
    rows = None
    if visible is not None:
        first, last = plain_date(visible[0]), plain_date(visible[1])
        layout["xaxis"]["range"] = [plain_date(pd.Timestamp(visible[0]) - pd.Timedelta(days=15)),
                                    plain_date(pd.Timestamp(visible[1]) + pd.Timedelta(days=15))]
        rows = lambda x: first <= x <= last  # noqa: E731 (ISO dates compare as text)
    table = series_table(time_word, columns, rows=rows)
    return ChartAnswer(ChartText(title, subtitle=text_lines(subtitle), source=source), table=table,
                       figure={"data": data, "layout": layout}, frame=Frame(height=height, full_width=full_width))


class _Event(NamedTuple):
    start_date: pd.Timestamp
    end_date: pd.Timestamp   # NaT: a day, not a span
    label: str


def _events_in_view(events: pd.DataFrame | None, visible) -> list[_Event] | None:
    """The events the axis shows (all of them when it shows everything) in date order, or None."""
    if events is None or events.empty:
        return None
    shown = [_Event(pd.Timestamp(start), pd.Timestamp(end), label) for start, end, label
             in zip(events.start_date.tolist(), events.end_date.tolist(), events.label.tolist())]
    if visible is not None:
        first, last_day = pd.Timestamp(visible[0]), pd.Timestamp(visible[1]) + pd.offsets.MonthEnd(0)
        shown = [event for event in shown if first <= event.start_date <= last_day]
    return sorted(shown, key=lambda event: event.start_date) or None


def _lines(series: pd.DataFrame, time_column: str) -> dict[tuple[str, str], tuple[list[str], list]]:
    """(area, strand) -> the line's x (ISO dates) and values, in the rows' order: read as
    lists once (a frame's groupby costs more than the figure)."""
    lines: dict[tuple[str, str], tuple[list[str], list]] = {}
    for area, strand, x, value in zip(series.area.tolist(), series.strand.tolist(),
                                      plain_dates(series[time_column]), series.offences.tolist()):
        xs, values = lines.setdefault((area, strand), ([], []))
        xs.append(x)
        values.append(value)
    return lines


def rolling_mean(values: list, window: int, decimals: int) -> list:
    """The mean of each value and the `window - 1` before it (None until there are that
    many), rounded as pandas rounds (numpy's round, not Python's)."""
    if all(type(value) is int for value in values):
        # Whole numbers sum exactly, so one division gives what pandas' rolling mean gives.
        sums = [0, *itertools.accumulate(values)]
        means = [(sums[end] - sums[end - window]) / window if end >= window else math.nan
                 for end in range(1, len(values) + 1)]
    else:
        numbers = [math.nan if value is None else value for value in plain_values(values)]  # NA, NaN: a gap
        means = pd.Series(numbers, dtype="float64").rolling(window, min_periods=window).mean().to_numpy()
    return plain_values(np.round(np.asarray(means, dtype="float64"), decimals))


def _line_name(strand, area, area_names, area_count, strand_count) -> str:
    area_name = area_names.get(area, "London" if area == "london" else area)
    if area_count > 1 and strand_count > 1:
        return f"{area_name}: {strand_name(strand)}"
    if area_count > 1:
        return area_name
    return strand_name(strand)


def events_key(events) -> str:
    """The subtitle line that names each numbered event: "Dotted red lines mark events:
    1 London Bridge attack (3 Jun 2017); 2 ..."."""
    names = [f"{number} {event.label} ({pd.Timestamp(event.start_date):%-d %b %Y})"
             for number, event in enumerate(events, start=1)]
    return f"{EVENTS_SENTENCE[:-1]}: {'; '.join(names)}."


def _axis_span(times: pd.Series, visible) -> tuple[pd.Timestamp, pd.Timestamp]:
    if visible is not None:
        return pd.Timestamp(visible[0]), pd.Timestamp(visible[1])
    stamps = pd.to_datetime(times)
    return stamps.min(), stamps.max()


class _Strip:
    """The rows at the top of the plot where event numbers and the CONNECT label go, each
    on the first row where it is clear of what is already there."""

    def __init__(self, span: tuple[pd.Timestamp, pd.Timestamp]):
        self.first, self.width = span[0], max((span[1] - span[0]).days, 1)
        self._taken: list[list[tuple[float, float]]] = []   # per row, (from, to) as fractions of the axis

    @property
    def rows(self) -> int:
        return len(self._taken)

    def fraction(self, x: str) -> float:
        return (pd.Timestamp(x) - self.first).days / self.width

    def place(self, x: str, text: str, width: float, *, xanchor: str = "center") -> dict:
        at = self.fraction(x)
        start = {"center": at - width / 2, "left": at, "right": at - width}[xanchor]
        span = (start - EVENT_MIN_GAP / 2, start + width + EVENT_MIN_GAP / 2)
        row = next((index for index, taken in enumerate(self._taken)
                    if all(span[1] <= a or span[0] >= b for a, b in taken)), len(self._taken))
        if row == len(self._taken):
            self._taken.append([])
        self._taken[row].append(span)
        return {"x": x, "y": 1 - EVENT_ROW_HEIGHT * row, "xref": "x", "yref": "y domain", "text": text,
                "showarrow": False, "xanchor": xanchor, "yanchor": "top"}


def _mark_events(layout: dict, events: list[_Event], strip: _Strip) -> None:
    """Each event's line (and shaded span), and its number in the strip above the data."""
    shapes, labels = layout.setdefault("shapes", []), layout.setdefault("annotations", [])
    for number, event in enumerate(events, start=1):
        start = plain_date(event.start_date)
        if pd.notna(event.end_date):
            shapes.append({"type": "rect", "x0": start, "x1": plain_date(event.end_date), "xref": "x",
                           "y0": 0, "y1": 1, "yref": "y domain", "fillcolor": EVENT_COLOUR, "opacity": 0.12,
                           "line": {"width": 0}, "layer": "below", "name": EVENT_NAME})
        shapes.append({"type": "line", "x0": start, "x1": start, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain",
                       "line": {"color": EVENT_COLOUR, "width": 1, "dash": "dot"}, "name": EVENT_NAME})
        labels.append({**strip.place(start, str(number), EVENT_NUMBER_WIDTH),
                       "hovertext": f"{event.label}, {pd.Timestamp(event.start_date):%-d %b %Y}",
                       "font": {"size": 11, "color": EVENT_COLOUR}, "bgcolor": "white",
                       "bordercolor": EVENT_COLOUR, "borderwidth": 1, "borderpad": 1, "name": EVENT_NAME})


def _leave_room_above(yaxis: dict, data: list[dict], rows: int, *, log_scale: bool) -> None:
    """Sets the y axis's range so nothing is drawn in the top strip the event numbers use."""
    values = [value for trace in data for value in trace.get("y", []) if isinstance(value, (int, float))]
    if not values:
        return
    share = EVENT_ROW_HEIGHT * rows + EVENT_STRIP_GAP    # of the plot kept clear at the top
    top = max(max(values), 1.0)
    if log_scale:
        positive = [value for value in values if value > 0]
        low, high = math.log10(min(positive) if positive else 1.0) - 0.05, math.log10(top) + 0.05
        yaxis["range"] = [low, high + (high - low) * share / (1 - share)]
    else:
        yaxis["range"] = [0, top / (1 - share)]


REVIEW_MARKER_COLOUR = "#1B4F72"
REVIEW_TRACE_NAME = "Reviewed month"


def review_marker_trace(months: list, offences: list, labels: list[str], hover_texts: list[str]) -> dict:
    """A star on each reviewed month of a trend, its status written beside it (so it is
    never colour alone) and the meeting's note in its hover text. The texts arrive
    escaped (a person typed them; Plotly reads tags in hover text as formatting)."""
    # No legend entry: the star is added after the page framed the figure with room for its
    # legend's rows, and its own words say what it is.
    return {"type": "scatter", "x": [plain_date(month) for month in months], "y": list(offences),
            "name": REVIEW_TRACE_NAME, "mode": "markers+text", "text": list(labels), "showlegend": False,
            "textposition": "middle left", "textfont": {"size": 11, "color": REVIEW_MARKER_COLOUR},
            "marker": {"symbol": "star", "size": 16, "color": REVIEW_MARKER_COLOUR,
                       "line": {"color": "#FFFFFF", "width": 1}},
            "hovertext": list(hover_texts), "hovertemplate": "%{hovertext}<extra></extra>", "cliponaxis": False}
