"""A series against its expected range: the shaded band, the expected line, and months
above the band marked with their own marker shape and labelled with their count, so a
projector audience sees the spike and the normal range together."""

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


def judged_months(band: pd.DataFrame) -> pd.DataFrame:
    """Months with an expected value (too little history leaves a month out of the band)."""
    return band[band.expected.notna()]


def above_months(band: pd.DataFrame) -> pd.DataFrame:
    return band[band.is_above.fillna(False).astype(bool)]


def band_traces(band: pd.DataFrame, *, x_column: str = "month") -> list[dict]:
    """The shaded range and the expected line, to draw under a series' line.
    `band`: x_column, offences, expected, lower_bound, upper_bound, is_above."""
    judged = judged_months(band)
    x = plain_dates(judged[x_column])
    return [
        {"type": "scatter", "x": x, "y": plain_values(judged.upper_bound), "mode": "lines", "line": {"width": 0},
         "hoverinfo": "skip", "showlegend": False, "name": "Upper bound"},
        {"type": "scatter", "x": x, "y": plain_values(judged.lower_bound), "mode": "lines", "line": {"width": 0},
         "fill": "tonexty", "fillcolor": BAND_FILL, "name": BAND_NAME,
         "customdata": [[value] for value in plain_values(judged.upper_bound)],
         "hovertemplate": "%{x|%b %Y}<br>Expected range: %{y:,.0f} to %{customdata[0]:,.0f}<extra></extra>"},
        {"type": "scatter", "x": x, "y": plain_values(judged.expected.round(1)), "mode": "lines",
         "name": EXPECTED_NAME, "line": {"color": EXPECTED_COLOUR, "width": 1.5, "dash": "dash"},
         "hovertemplate": "%{x|%b %Y}<br>Expected: %{y:,.1f}<extra></extra>"},
    ]


def band_columns(band: pd.DataFrame, unit: str, *, x_column: str = "month") -> list[tuple[str, list, list]]:
    """The band's columns for series_table, named by what they hold (the legend names
    the lower edge "Expected range", as the shading, but it holds the lower bound)."""
    judged = judged_months(band)
    x = plain_dates(judged[x_column])
    return [(f"{UPPER_COLUMN}: {unit}", x, plain_values(judged.upper_bound)),
            (f"{LOWER_COLUMN}: {unit}", x, plain_values(judged.lower_bound)),
            (f"{EXPECTED_NAME}: {unit}", x, plain_values(judged.expected.round(1)))]


def above_range_trace(band: pd.DataFrame, *, x_column: str = "month") -> dict | None:
    """The months above the range, as triangles labelled with their count, to draw over
    the series' line; None when no month is above."""
    above = above_months(band)
    if above.empty:
        return None
    return {"type": "scatter", "x": plain_dates(above[x_column]), "y": plain_values(above.offences),
            "name": ABOVE_NAME, "mode": "markers+text",
            "marker": {"symbol": ABOVE_SYMBOL, "size": 13, "color": ABOVE_COLOUR,
                       "line": {"color": "white", "width": 1}},
            "text": [f"{value:,}" for value in above.offences.astype(int)],
            "textposition": "top center", "textfont": {"color": ABOVE_COLOUR, "size": 12},
            "hovertemplate": "%{x|%b %Y}<br>%{y:,} offences: above the expected range<extra></extra>"}


def above_column(band: pd.DataFrame, unit: str, *, x_column: str = "month") -> list[tuple[str, list, list]]:
    above = above_months(band)
    if above.empty:
        return []
    return [(f"{ABOVE_NAME}: {unit}", plain_dates(above[x_column]), plain_values(above.offences))]


def expected_band_figure(band: pd.DataFrame, *, title: str, subtitle: tuple[str, ...], source: str,
                         height: int = 380) -> ChartAnswer:
    """A small trend of one series with its expected band. `band`: month, offences,
    expected, lower_bound, upper_bound, is_above (queries.expected_counts.expected_band)."""
    unit = "Offences per month"
    x = plain_dates(band.month)
    data = band_traces(band) + [
        {"type": "scatter", "x": x, "y": plain_values(band.offences), "mode": "lines", "name": "Offences",
         "line": {"color": OBSERVED_COLOUR, "width": 2},
         "hovertemplate": "%{x|%b %Y}<br>%{y:,} offences<extra></extra>"}]
    above = above_range_trace(band)
    if above is not None:
        data.append(above)
    top = max(band.offences.max(), band.upper_bound.max() if band.upper_bound.notna().any() else 0)
    layout = {"showlegend": True,
              "yaxis": {"title": {"text": unit}, "rangemode": "tozero",
                        "range": [0, HEADROOM * max(float(top), 1.0)]}}  # room for the count labels
    mark_connect_break(layout, band.month)  # every time axis across March 2024 marks the new system
    table = series_table("Month", band_columns(band, unit) + [(f"Offences: {unit}", x, plain_values(band.offences))]
                         + above_column(band, unit))
    return ChartAnswer(ChartText(title, subtitle=text_lines(subtitle), source=source), table=table,
                       figure={"data": data, "layout": layout}, frame=Frame(height=height, sides=(60, 15)))
