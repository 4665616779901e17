"""Borough profile: one borough against London and its inner/outer London group."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids
from components.charts import chart
from components.notices import beyond_police_data_section, caveat_footer, overlap_note
from exports.controls import briefing_pack_buttons

dash.register_page(__name__, path_template="/borough/<slug>", name="Borough profile",
                   title="Borough profile - hate crime", order=1)


def incident_section() -> html.Section:
    """What the incident data shows (issue 14); filled by callbacks/incident_views.py."""
    return html.Section([
        html.H2("What the incident data shows", className="h5 mt-4"),
        dcc.Loading(html.Div(id=ids.PROFILE_INCIDENT_NOTE), type="dot"),
        html.Div([
            dbc.Row([
                dbc.Col(chart(ids.PROFILE_COMBINATIONS), lg=7),
                dbc.Col(chart(ids.PROFILE_OVERLAP), lg=5),
            ], className="g-3"),
            chart(ids.PROFILE_MULTI_TREND),
            chart(ids.PROFILE_OFFENCE_TYPES),
            chart(ids.PROFILE_OUTCOMES),
            dbc.Row([
                dbc.Col(chart(ids.PROFILE_HEX_MAP), lg=8),
                dbc.Col([html.P(id=ids.PROFILE_DISCLOSURE_NOTE, className="small"),
                         html.Div(id=ids.PROFILE_WARDS)], lg=4),
            ], className="g-3"),
        ], id=ids.PROFILE_INCIDENT_CHARTS),
    ], **{"aria-label": "What the incident data shows"})


def layout(slug: str | None = None, **_query):
    return html.Div([
        dcc.Store(id=ids.PROFILE_SLUG, data=slug),
        # Not a dcc.Location: a second one on the page kept the address it was made with and
        # pushed it back after the filter bar wrote a new one (the change was lost).
        dcc.Store(id=ids.PROFILE_NAVIGATE),
        html.H1("Borough profile", id=ids.PROFILE_HEADING, className="h3 mt-2"),
        html.Div(id=ids.PROFILE_MESSAGE),
        # Hidden while no known borough is chosen, so the chooser is not a page of empty charts.
        html.Div([
            briefing_pack_buttons("borough", slug),
            dcc.Loading(html.Div(id=ids.PROFILE_CARDS), type="dot"),
            overlap_note(),
            dbc.Row([
                dbc.Col(chart(ids.PROFILE_TREND), lg=6),
                dbc.Col(chart(ids.PROFILE_AGAINST_LONDON), lg=6),
            ], className="g-3"),
            chart(ids.PROFILE_RATE_TREND),
            dbc.Row([
                dbc.Col(chart(ids.PROFILE_STRANDS), lg=7),
                dbc.Col([html.H2("Rank among the 32 boroughs, by rate", className="h6 mt-3"),
                         html.Div(id=ids.PROFILE_RANKS)], lg=5),
            ], className="g-3"),
            html.H2("Positive outcomes", className="h6 mt-3"),
            dcc.Loading(html.Div(id=ids.PROFILE_POSITIVE_OUTCOMES), type="dot"),
            html.H2("The last 12 months, offences by strand", className="h6 mt-3"),
            html.Div(id=ids.PROFILE_TABLE),
            incident_section(),
            beyond_police_data_section(ids.PROFILE_PARTNERS),
            caveat_footer(),
        ], id=ids.PROFILE_CONTENT),
    ])
