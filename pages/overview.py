"""London overview: headline figures, the borough map, the strand breakdown and
London's monthly trend by strand."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids
from components.charts import chart
from components.notices import beyond_police_data_section, caveat_footer, overlap_note
from exports.controls import LONDON, briefing_pack_buttons
from queries.rates import RATE_LABEL

dash.register_page(__name__, path="/", name="London overview", title="London overview - hate crime", order=0)


def layout(**_query):
    return html.Div([
        # Names the area shown once the filters are read (callbacks/overview.py).
        html.H1("London overview", id=ids.OVERVIEW_HEADING, className="h3 mt-2"),
        briefing_pack_buttons("overview", LONDON),
        dcc.Loading(html.Div(id=ids.OVERVIEW_CARDS), type="dot"),
        html.Div(id=ids.OVERVIEW_STANDS_OUT),
        overlap_note(),
        dbc.Row([
            dbc.Col([
                dbc.RadioItems(
                    id=ids.OVERVIEW_MAP_METRIC, inline=True, value="rate",
                    options=[{"label": RATE_LABEL, "value": "rate"},
                             {"label": "Offences", "value": "count"},
                             {"label": "% change on previous period", "value": "change"},
                             {"label": "Positive outcome rate", "value": "outcome_rate"}],
                    className="small mb-2"),
                chart(ids.OVERVIEW_MAP),
            ], lg=6),
            dbc.Col(chart(ids.OVERVIEW_STRANDS), lg=6),
        ], className="g-3"),
        chart(ids.OVERVIEW_TREND),
        beyond_police_data_section(ids.OVERVIEW_PARTNERS),
        caveat_footer(),
    ])
