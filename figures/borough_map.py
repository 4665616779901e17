"""The choropleth of London's boroughs.

Drawn on a geo projection with no basemap, so the browser fetches no tiles or
topojson: every map layer of the geo subplot is off and the boundaries come from the
app itself. The City of London is drawn as "no data", never as zero.
"""

import textwrap

import pandas as pd
import plotly.graph_objects as go

from figures.common import SOURCE_LINE_PIXELS, SOURCE_WRAP_CHARACTERS, finish_figure

NO_DATA_GREY = "#d9d9d9"
HIGHLIGHT_OUTLINE = "#000000"

MAP_METRICS = {
    "count": {"column": "offences", "label": "Offences", "unit": "offences", "format": ",.0f"},
    "rate": {"column": "rate_per_1000", "label": "Rate per 1,000 residents", "unit": "per 1,000 residents", "format": ".2f"},
    "change": {"column": "change_pct", "label": "% change on previous period", "unit": "% change", "format": "+.1f"},
    # Positive outcomes recorded in the period over offences recorded in it (the Met's rate):
    # the summary then carries queries.positive_outcomes.borough_positive_outcomes' columns.
    "outcome_rate": {"column": "positive_outcome_rate_pct", "label": "Positive outcome rate",
                     "unit": "% positive outcomes", "format": ".1f"},
}


def borough_choropleth(summary: pd.DataFrame, boundaries: dict | str, *, metric: str, title: str,
                       subtitle: str, source: str, no_data: pd.DataFrame,
                       highlighted_codes: list[str] | None = None, height: int = 560) -> go.Figure:
    """`boundaries`: the GeoJSON, or the app's URL for it (geodata.BOUNDARIES_URL).
    `summary`: one row per Met borough (gss_code, name, slug, offences, previous_offences,
    change_pct, rate_per_1000, rank_by_rate). `no_data`: gss_code, name of areas with no
    data (the City of London), drawn grey and labelled."""
    spec = MAP_METRICS[metric]
    values = summary[spec["column"]]
    figure = go.Figure()
    # Starts at a visible blue so low values still read on a projector.
    colour = {"colorscale": [[0, "#deebf7"], [0.5, "#6baed6"], [1, "#08306b"]]}
    if metric == "change":
        limit = max(float(values.abs().max(skipna=True) or 0), 1.0)
        colour = {"colorscale": "RdBu_r", "zmid": 0, "zmin": -limit, "zmax": limit}
    figure.add_trace(go.Choropleth(
        geojson=boundaries, featureidkey="properties.gss_code",
        locations=summary.gss_code, z=values.astype(float),
        text=[_hover_text(row) for row in summary.assign(borough_count=len(summary)).itertuples()],
        hovertemplate="%{text}<extra></extra>",
        marker={"line": {"color": "white", "width": 0.8}},
        colorbar={"title": {"text": spec["unit"]}, "thickness": 14, "len": 0.75},
        name=spec["label"], showlegend=False, **colour,
    ))
    if not no_data.empty:
        figure.add_trace(go.Choropleth(
            geojson=boundaries, featureidkey="properties.gss_code",
            locations=no_data.gss_code, z=[0] * len(no_data),
            colorscale=[[0, NO_DATA_GREY], [1, NO_DATA_GREY]], showscale=False,
            customdata=no_data[["name"]].to_numpy(),
            hovertemplate="<b>%{customdata[0]}</b><br>No data (City of London Police)<extra></extra>",
            marker={"line": {"color": "white", "width": 0.8}},
            name="No data (City of London Police)", showlegend=True,
        ))
    if highlighted_codes:
        chosen = summary[summary.gss_code.isin(highlighted_codes)]
        figure.add_trace(go.Choropleth(
            geojson=boundaries, featureidkey="properties.gss_code",
            locations=chosen.gss_code, z=[0] * len(chosen),
            # A faint tint, so the legend swatch shows and the colour beneath still reads.
            colorscale=[[0, "rgba(0,0,0,0.08)"], [1, "rgba(0,0,0,0.08)"]], showscale=False,
            marker={"line": {"color": HIGHLIGHT_OUTLINE, "width": 3}},
            hoverinfo="skip", name="Chosen borough", showlegend=True,
        ))
    # Plotly loads its world base map even with every layer hidden; the app serves it
    # (components/charts.py), so nothing is fetched from a CDN.
    figure.update_geos(fitbounds="locations", visible=False, projection_type="mercator",
                       resolution=110)
    finish_figure(figure, title=title, subtitle=subtitle, source=source, height=height)
    # Each further subtitle line (the outcome rate's caveat) pushes the map down, not over it.
    # A source naming several releases runs to more lines: the bottom margin grows with it.
    source_lines = len(textwrap.wrap(source, SOURCE_WRAP_CHARACTERS))
    figure.update_layout(margin={"l": 10, "r": 10, "t": 110 + 18 * subtitle.count("<br>"),
                                 "b": 70 + SOURCE_LINE_PIXELS * max(0, source_lines - 2)}, clickmode="event",
                         legend={"y": -0.02, "yanchor": "top"})
    figure.update_annotations(selector={"name": "source"}, yshift=-40)
    return figure


def _hover_text(row) -> str:
    change = "n/a (none in the previous period)" if pd.isna(row.change_pct) else f"{row.change_pct:+.1f}%"
    return (f"<b>{row.name}</b><br>Offences: {row.offences:,}"
            f"<br>Previous period: {row.previous_offences:,}"
            f"<br>Change: {change}"
            f"<br>Rate per 1,000 residents: {row.rate_per_1000:.2f}"
            f"<br>Rank by rate: {row.rank_by_rate} of {row.borough_count}"
            + _outcome_hover(row) +
            "<br><i>Click to open the borough profile</i>")


def _outcome_hover(row) -> str:
    if not hasattr(row, "positive_outcome_rate_pct"):
        return ""
    rate = "n/a" if pd.isna(row.positive_outcome_rate_pct) else f"{row.positive_outcome_rate_pct:.1f}%"
    return f"<br>Positive outcomes: {row.positive_outcomes:,} (rate {rate})"
