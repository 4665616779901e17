"""Compare boroughs: the 32 boroughs side by side for the chosen strand and period."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids
from components.notices import caveat_footer
from components.verdicts import ALL_VERDICTS, VERDICT_FILTERS, change_test_note
from queries.rates import RATE_UNIT

dash.register_page(__name__, path="/compare", name="Compare boroughs", title="Compare boroughs - hate crime",
                   order=3)


def layout(**_query):
    return html.Div([
        html.H1("Compare boroughs", className="h3 mt-2"),
        html.P(id=ids.COMPARE_HEADING, className="mb-2"),
        html.Div([
            html.Span("Show:", className="small fw-semibold me-2", id=f"{ids.COMPARE_VERDICT_FILTER}-label"),
            dbc.RadioItems(id=ids.COMPARE_VERDICT_FILTER, inline=True, value=ALL_VERDICTS, className="small d-inline-block",
                           options=[{"label": label, "value": value} for value, (label, _) in VERDICT_FILTERS.items()]),
        ], role="group", className="mb-2", **{"aria-labelledby": f"{ids.COMPARE_VERDICT_FILTER}-label"}),
        # Only the table's own update shows the spinner: a sort click must not hide the table and
        # take keyboard focus off the heading that was pressed.
        dcc.Loading(html.Div(id=ids.COMPARE_TABLE), type="dot", target_components={ids.COMPARE_TABLE: "children"}),
        html.P(f"Click a column heading to sort. Rank 1 is the highest rate {RATE_UNIT}. "
               "The City of London is not listed: it has its own police force and no Met data.",
               className="small text-muted mt-2"),
        html.P("Verdict: whether the change on the previous period is beyond chance. ▲ a significant rise, "
               "▼ a significant fall, ● within normal variation, – too few offences to compare.",
               className="small text-muted mb-1"),
        change_test_note(),
        html.P(id=ids.COMPARE_OUTCOMES_NOTE, className="small text-muted"),
        caveat_footer(),
    ])
