"""Compare boroughs: the 32 boroughs side by side for the chosen strand and period."""

import dash
from dash import dcc, html

from components import ids
from components.notices import caveat_footer

dash.register_page(__name__, path="/compare", name="Compare boroughs", title="Compare boroughs - hate crime",
                   order=3)


def layout(**_query):
    return html.Div([
        html.H1("Compare boroughs", className="h3 mt-2"),
        html.P(id=ids.COMPARE_HEADING, className="mb-2"),
        # Only the table's own update shows the spinner: a sort click must not hide the table and
        # take keyboard focus off the heading that was pressed.
        dcc.Loading(html.Div(id=ids.COMPARE_TABLE), type="dot", target_components={ids.COMPARE_TABLE: "children"}),
        html.P("Click a column heading to sort. Rank 1 is the highest rate per 1,000 residents. "
               "The City of London is not listed: it has its own police force and no Met data.",
               className="small text-muted mt-2"),
        html.P(id=ids.COMPARE_OUTCOMES_NOTE, className="small text-muted"),
        caveat_footer(),
    ])
