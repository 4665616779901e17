"""A series against its expected range: the shaded band, the expected line, and months
above the band marked with their own marker shape and labelled with their count, so a
projector audience sees the spike and the normal range together."""

from typing import NamedTuple

import pandas as pd

from figures.answer import ChartAnswer, ChartText, Frame, text_lines
from figures.common import plain_dates, plain_values
from figures.connect_break import mark_connect_break
from figures.tables import series_table

BAND_FILL = "rgba(0, 114, 178, 0.15)"
EXPECTED_COLOUR = "#0072B2"
OBSERVED_COLOUR = "#1a1a1a"
ABOVE_COLOUR = "#B2182B"
ABOVE_SYMBOL = "triangle-up"  # a shape, not only a colour, for months above the range
BAND_NAME = "Expected range"
HEADROOM = 1.25  # above the highest point, so a spike's label is never cut off
ABOVE_NAME = "Above expected range"
UPPER_COLUMN = "Expected range, upper bound"
LOWER_COLUMN = "Expected range, lower bound"
EXPECTED_NAME = "Expected"


class BandMonths(NamedTuple):
    """A band's columns as plain lists: a frame's filters and reads cost more than the traces."""

    x: list[str]
    offences: list
    expected: list      # rounded as drawn; None where there was too little history to judge
    lower: list
    upper: list
    above: list[bool]

    def judged(self, values: list) -> list:
        return [value for value, expected in zip(values, self.expected) if expected is not None]

    def over(self, values: list) -> list:
        return [value for value, above in zip(values, self.above) if above]


def band_months(band: pd.DataFrame, *, x_column: str = "month") -> BandMonths:
    """`band`: x_column, offences, expected, lower_bound, upper_bound, is_above
    (queries.expected_counts.expected_band), read once for every trace and column drawn from it."""
    return BandMonths(plain_dates(band[x_column]), plain_values(band.offences), plain_values(band.expected.round(1)),
                   plain_values(band.lower_bound), plain_values(band.upper_bound),
                   [not pd.isna(value) and bool(value) for value in band.is_above.tolist()])


def band_traces(months: BandMonths) -> list[dict]:
    """The shaded range and the expected line, to draw under a series' line."""
    x, upper = months.judged(months.x), months.judged(months.upper)
    return [
        {"type": "scatter", "x": x, "y": upper, "mode": "lines", "line": {"width": 0},
         "hoverinfo": "skip", "showlegend": False, "name": "Upper bound"},
        {"type": "scatter", "x": x, "y": months.judged(months.lower), "mode": "lines", "line": {"width": 0},
         "fill": "tonexty", "fillcolor": BAND_FILL, "name": BAND_NAME,
         "customdata": [[value] for value in upper],
         "hovertemplate": "%{x|%b %Y}<br>Expected range: %{y:,.0f} to %{customdata[0]:,.0f}<extra></extra>"},
        {"type": "scatter", "x": x, "y": months.judged(months.expected), "mode": "lines",
         "name": EXPECTED_NAME, "line": {"color": EXPECTED_COLOUR, "width": 1.5, "dash": "dash"},
         "hovertemplate": "%{x|%b %Y}<br>Expected: %{y:,.1f}<extra></extra>"},
    ]


def band_columns(months: BandMonths, unit: str) -> list[tuple[str, list, list]]:
    """The band's columns for series_table, named by what they hold (the legend names
    the lower edge "Expected range", as the shading, but it holds the lower bound)."""
    x = months.judged(months.x)
    return [(f"{UPPER_COLUMN}: {unit}", x, months.judged(months.upper)),
            (f"{LOWER_COLUMN}: {unit}", x, months.judged(months.lower)),
            (f"{EXPECTED_NAME}: {unit}", x, months.judged(months.expected))]


def above_range_trace(months: BandMonths) -> dict | None:
    """The months above the range, as triangles labelled with their count, to draw over
    the series' line; None when no month is above."""
    if not any(months.above):
        return None
    offences = months.over(months.offences)
    return {"type": "scatter", "x": months.over(months.x), "y": offences,
            "name": ABOVE_NAME, "mode": "markers+text",
            "marker": {"symbol": ABOVE_SYMBOL, "size": 13, "color": ABOVE_COLOUR,
                       "line": {"color": "white", "width": 1}},
            "text": [f"{int(value):,}" for value in offences],
            "textposition": "top center", "textfont": {"color": ABOVE_COLOUR, "size": 12},
            "hovertemplate": "%{x|%b %Y}<br>%{y:,} offences: above the expected range<extra></extra>"}


def above_column(months: BandMonths, unit: str) -> list[tuple[str, list, list]]:
    if not any(months.above):
        return []
    return [(f"{ABOVE_NAME}: {unit}", months.over(months.x), months.over(months.offences))]


def expected_band_figure(band: pd.DataFrame, *, title: str, subtitle: tuple[str, ...], source: str,
                         height: int = 380) -> ChartAnswer:
    """A small trend of one series with its expected band. `band`: month, offences,
    expected, lower_bound, upper_bound, is_above (queries.expected_counts.expected_band)."""
    unit = "Offences per month"
    months = band_months(band)
    x = months.x
    data = band_traces(months) + [
        {"type": "scatter", "x": x, "y": months.offences, "mode": "lines", "name": "Offences",
         "line": {"color": OBSERVED_COLOUR, "width": 2},
         "hovertemplate": "%{x|%b %Y}<br>%{y:,} offences<extra></extra>"}]
    above = above_range_trace(months)
    if above is not None:
        data.append(above)
    top = max(band.offences.max(), band.upper_bound.max() if band.upper_bound.notna().any() else 0)
    layout = {"showlegend": True,
              "yaxis": {"title": {"text": unit}, "rangemode": "tozero",
                        "range": [0, HEADROOM * max(float(top), 1.0)]}}  # room for the count labels
    mark_connect_break(layout, band.month)  # every time axis across March 2024 marks the new system
    table = series_table("Month", band_columns(months, unit) + [(f"Offences: {unit}", x, months.offences)]
                         + above_column(months, unit))
    return ChartAnswer(ChartText(title, subtitle=text_lines(subtitle), source=source), table=table,
                       figure={"data": data, "layout": layout}, frame=Frame(height=height, sides=(60, 15)))
