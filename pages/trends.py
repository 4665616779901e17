"""Trends: offences over time per strand, for London or chosen boroughs, with events."""

import dash
import dash_bootstrap_components as dbc
from dash import html

from components import ids
from components.charts import chart
from components.notices import beyond_police_data_section, caveat_footer, overlap_note
from components.trends_address import COUNTS, RATES, measure_from_query

dash.register_page(__name__, path="/trends", name="Trends", title="Trends - hate crime", order=2)


def _option_group(label, control):
    return dbc.Col([dbc.Label(label, className="small fw-semibold mb-0 d-block"), control], xs="auto")


def layout(**query):
    # Counts or rates come from the address (?measure=rate), so a copied link opens the same view.
    measure, problems = measure_from_query(query)
    return html.Div([
        html.H1("Trends", className="h3 mt-2"),
        dbc.Row([
            _option_group("Show", dbc.RadioItems(
                id=ids.TRENDS_MEASURE, inline=True, value=measure,
                options=[{"label": "Offences", "value": COUNTS},
                         {"label": "Rate per 1,000 residents per year", "value": RATES}])),
            _option_group("Time step", dbc.RadioItems(
                id=ids.TRENDS_GRANULARITY, inline=True, value="month",
                options=[{"label": "Monthly", "value": "month"}, {"label": "Weekly", "value": "week"},
                         {"label": "Daily", "value": "day"}])),
            _option_group("Rolling average", dbc.RadioItems(
                id=ids.TRENDS_ROLLING, inline=True, value="off",
                options=[{"label": "Off", "value": "off"}, {"label": "Short", "value": "short"},
                         {"label": "Long", "value": "long"}])),
            _option_group("Scale", dbc.RadioItems(
                id=ids.TRENDS_SCALE, inline=True, value="linear",
                options=[{"label": "Linear", "value": "linear"}, {"label": "Log", "value": "log"}])),
            _option_group("Events", dbc.Switch(id=ids.TRENDS_EVENTS, value=True, label="Mark events")),
        ], className="g-3 mb-2"),
        dbc.Row(_option_group("Strands drawn (London view)", dbc.Checklist(
            id=ids.TRENDS_STRANDS, inline=True, value=[], options=[])), className="mb-2"),
        html.Div(dbc.Alert(problems, color="info", className="py-1 small") if problems else None),
        html.Div(id=ids.TRENDS_MESSAGE),
        chart(ids.TRENDS_CHART),
        overlap_note(),
        html.P("With boroughs chosen in the filter bar, the chart draws one line per borough for the "
               "strand chosen there; with none chosen, London's lines for the strands ticked above. As rates, "
               "London and the group chosen under \"Compare with\" are drawn beside the boroughs.",
               className="small text-muted"),
        html.Section([
            html.H2("Offences aimed at more than one identity", className="h5 mt-4"),
            html.Div(id=ids.TRENDS_INCIDENT_NOTE),
            dbc.Row([
                dbc.Col(chart(ids.TRENDS_MULTI_TREND), lg=6),
                dbc.Col(chart(ids.TRENDS_COMBINATIONS), lg=6),
            ], className="g-3", id=ids.TRENDS_INCIDENT_CHARTS),
            html.P("Monthly, for London or the boroughs chosen in the filter bar, whatever the time step above.",
                   className="small text-muted"),
        ], **{"aria-label": "Offences aimed at more than one identity"}),
        beyond_police_data_section(ids.TRENDS_PARTNERS),
        caveat_footer(),
    ])
