"""What stands out: the boroughs and strands above their expected range, then the
changes over the rolling 12 months that are beyond chance."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids
from components.notices import caveat_footer, overlap_note
from stands_out.change_test import CHANGE_TEST_SENTENCE
from stands_out.expected_range import METHOD_SENTENCE
from stands_out.months_looked_at import CHOICES, LAST_MONTH

dash.register_page(__name__, path="/stands-out", name="What stands out", title="What stands out - hate crime",
                   order=4)


def layout(**_query):
    return html.Div([
        html.H1("What stands out", className="h3 mt-2"),
        dbc.Row([
            dbc.Col(dbc.RadioItems(id=ids.STANDS_OUT_WHEN, inline=True, value=LAST_MONTH, options=CHOICES), xs="auto"),
            dbc.Col(dbc.Switch(id=ids.STANDS_OUT_STRANDS, value=True,
                               label="Every strand (off: only the strand chosen above)"), xs="auto"),
        ], className="g-3 mb-2 small"),
        html.H2("Above the expected range", className="h5 mt-2"),
        dcc.Loading(html.Div([html.Div(id=ids.STANDS_OUT_SUMMARY), html.Div(id=ids.STANDS_OUT_LIST)]),
                    type="dot"),
        html.P(METHOD_SENTENCE, className="small text-muted"),
        html.H2("Changes beyond chance over the rolling 12 months", className="h5 mt-4"),
        dcc.Loading(html.Div(id=ids.STANDS_OUT_CHANGES), type="dot"),
        html.P(CHANGE_TEST_SENTENCE, className="small text-muted"),
        overlap_note(),
        caveat_footer(),
    ])
