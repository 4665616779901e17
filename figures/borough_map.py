"""The choropleth of London's boroughs.

Drawn on a geo projection with no basemap, so the browser fetches no tiles or
topojson: every map layer of the geo subplot is off and the boundaries come from the
app itself. The City of London is drawn as "no data", never as zero.
"""

import pandas as pd

from figures.answer import ChartAnswer, ChartText, Frame, text_lines
from figures.common import plain_values
from geodata import BOUNDARY_ATTRIBUTION
from queries.rates import RATE_LABEL, RATE_UNIT

NO_DATA_GREY = "#d9d9d9"
HIGHLIGHT_OUTLINE = "#000000"
NO_DATA_NAME = "No data (City of London Police)"
MAP_TOP_MARGIN = 110  # the plot's top for a one-line title and subtitle
# ColorBrewer's RdBu, blue for falls and red for rises, as plotly names it "RdBu_r" (a name
# plotly.js does not know: the figure carries the colours).
CHANGE_COLOURS = [[0.0, "rgb(5,48,97)"], [0.1, "rgb(33,102,172)"], [0.2, "rgb(67,147,195)"],
                  [0.3, "rgb(146,197,222)"], [0.4, "rgb(209,229,240)"], [0.5, "rgb(247,247,247)"],
                  [0.6, "rgb(253,219,199)"], [0.7, "rgb(244,165,130)"], [0.8, "rgb(214,96,77)"],
                  [0.9, "rgb(178,24,43)"], [1.0, "rgb(103,0,31)"]]

MAP_METRICS = {
    "count": {"column": "offences", "label": "Offences", "unit": "offences", "format": ",.0f"},
    "rate": {"column": "rate_per_1000_per_year", "label": RATE_LABEL, "unit": RATE_UNIT, "format": ".2f"},
    "change": {"column": "change_pct", "label": "% change on previous period", "unit": "% change", "format": "+.1f"},
    # Positive outcomes recorded in the period over offences recorded in it (the Met's rate):
    # the summary then carries queries.positive_outcomes.borough_positive_outcomes' columns.
    "outcome_rate": {"column": "positive_outcome_rate_pct", "label": "Positive outcome rate",
                     "unit": "% positive outcomes", "format": ".1f"},
}


def borough_choropleth(summary: pd.DataFrame, boundaries: dict | str, *, metric: str, title: str,
                       subtitle: tuple[str, ...], source: str, no_data: pd.DataFrame,
                       highlighted_codes: list[str] | None = None, height: int = 560,
                       screen_hint: str = "") -> ChartAnswer:
    """`boundaries`: the GeoJSON, or the app's URL for it (geodata.BOUNDARIES_URL).
    `summary`: one row per Met borough (gss_code, name, slug, offences, previous_offences,
    change_pct, rate_per_1000_per_year, rank_by_rate). `no_data`: gss_code, name of areas with no
    data (the City of London), drawn grey and labelled."""
    spec = MAP_METRICS[metric]
    values = plain_values(summary[spec["column"]])
    # Starts at a visible blue so low values still read on a projector.
    colour = {"colorscale": [[0, "#deebf7"], [0.5, "#6baed6"], [1, "#08306b"]]}
    if metric == "change":
        largest = summary[spec["column"]].abs().max(skipna=True)
        limit = max(float(largest) if pd.notna(largest) else 0.0, 1.0)
        colour = {"colorscale": [list(step) for step in CHANGE_COLOURS], "zmid": 0, "zmin": -limit, "zmax": limit}
    codes = summary.gss_code.tolist()
    data = [{
        "type": "choropleth", "geojson": boundaries, "featureidkey": "properties.gss_code",
        "locations": codes, "z": [None if value is None else float(value) for value in values],
        "text": _hover_texts(summary),
        "hovertemplate": "%{text}<extra></extra>",
        "marker": {"line": {"color": "white", "width": 0.8}},
        "colorbar": {"title": {"text": spec["unit"]}, "thickness": 14, "len": 0.75},
        "name": spec["label"], "showlegend": False, **colour,
    }]
    if not no_data.empty:
        data.append({
            "type": "choropleth", "geojson": boundaries, "featureidkey": "properties.gss_code",
            "locations": no_data.gss_code.tolist(), "z": [0] * len(no_data),
            "colorscale": [[0, NO_DATA_GREY], [1, NO_DATA_GREY]], "showscale": False,
            "customdata": [[name] for name in no_data.name],
            "hovertemplate": "<b>%{customdata[0]}</b><br>" + NO_DATA_NAME + "<extra></extra>",
            "marker": {"line": {"color": "white", "width": 0.8}}, "name": NO_DATA_NAME, "showlegend": True})
    if highlighted_codes:
        chosen = summary[summary.gss_code.isin(highlighted_codes)]
        data.append({
            "type": "choropleth", "geojson": boundaries, "featureidkey": "properties.gss_code",
            "locations": chosen.gss_code.tolist(), "z": [0] * len(chosen),
            # A faint tint, so the legend swatch shows and the colour beneath still reads.
            "colorscale": [[0, "rgba(0,0,0,0.08)"], [1, "rgba(0,0,0,0.08)"]], "showscale": False,
            "marker": {"line": {"color": HIGHLIGHT_OUTLINE, "width": 3}},
            "hoverinfo": "skip", "name": "Chosen borough", "showlegend": True})
    # Plotly loads its world base map even with every layer hidden; the app serves it
    # (components/charts.py), so nothing is fetched from a CDN.
    layout = {"geo": {"fitbounds": "locations", "visible": False, "projection": {"type": "mercator"},
                      "resolution": 110},
              "clickmode": "event", "legend": {"y": -0.02, "yanchor": "top"}}
    # The boundaries' licence asks for its copyright line wherever the map is shown or exported.
    return ChartAnswer(ChartText(title, subtitle=text_lines(subtitle), notes=(BOUNDARY_ATTRIBUTION,),
                                 screen_hint=screen_hint, source=source),
                       table=map_table(summary, spec, no_data), figure={"data": data, "layout": layout},
                       frame=Frame(height=height, sides=(10, 10), map_top=MAP_TOP_MARGIN))


def map_table(summary: pd.DataFrame, spec: dict, no_data: pd.DataFrame) -> pd.DataFrame:
    """One row per area by GSS code: the value the colour stands for; the City of London
    'no data', never zero."""
    # Read as lists and sorted in Python: 33 rows, on every click (a concat and sort of
    # frames cost ten times more). Missing values stay pd.NA, None for 'no data'.
    value = summary[spec["column"]]
    value = value.astype("Int64") if spec["column"] == "offences" else value.astype("Float64")
    rows = [(code, name, None, NO_DATA_NAME) for code, name in zip(no_data.gss_code.tolist(), no_data.name.tolist())]
    rows += zip(summary.gss_code.tolist(), summary.name.tolist(), value.tolist(), [""] * len(summary))
    rows.sort(key=lambda row: row[0])
    columns = ["GSS code", "Borough", spec["label"], "Note"]
    return pd.DataFrame({
        "GSS code": [row[0] for row in rows], "Borough": [row[1] for row in rows],
        spec["label"]: pd.array([row[2] for row in rows], dtype=object), "Note": [row[3] for row in rows]},
        columns=columns)


def _hover_texts(summary: pd.DataFrame) -> list[str]:
    """Each borough's hover box: its numbers, and that a click opens its profile."""
    count = len(summary)
    columns = ["name", "offences", "previous_offences", "change_pct", "rate_per_1000_per_year", "rank_by_rate"]
    outcomes = "positive_outcome_rate_pct" in summary.columns
    if outcomes:
        columns += ["positive_outcomes", "positive_outcome_rate_pct"]
    texts = []
    for name, offences, previous, change_pct, rate, rank, *outcome in zip(*(summary[c].tolist() for c in columns)):
        change = "n/a (none in the previous period)" if pd.isna(change_pct) else f"{change_pct:+.1f}%"
        texts.append(f"<b>{name}</b><br>Offences: {offences:,}"
                     f"<br>Previous period: {previous:,}"
                     f"<br>Change: {change}"
                     f"<br>{RATE_LABEL}: {rate:.2f}"
                     f"<br>Rank by rate: {rank} of {count}"
                     + (_outcome_hover(*outcome) if outcomes else "") +
                     "<br><i>Click to open the borough profile</i>")
    return texts


def _outcome_hover(positive_outcomes, rate_pct) -> str:
    rate = "n/a" if pd.isna(rate_pct) else f"{rate_pct:.1f}%"
    return f"<br>Positive outcomes: {positive_outcomes:,} (rate {rate})"
