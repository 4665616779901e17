"""Since the last meeting: for the meeting's date (in the address) and the boroughs
chosen in the filter bar, the signals that are new, those still open by age and owner,
and those closed with their explanation; the agenda as PDF or PowerPoint."""

import dash
from dash import dcc, html

from components import ids
from components.notices import caveat_footer
from components.url_state import parse_query_string
from meetings.address import since_from_query

dash.register_page(__name__, path="/since-last-meeting", name="Meetings",
                   title="Since the last meeting - hate crime", order=5)


def layout(**query):
    since, problems = since_from_query({key: value for key, value in query.items()
                                        if isinstance(value, str)} or parse_query_string(""))
    return html.Div([
        html.H1("Since the last meeting", className="h3 mt-2"),
        html.P("The signals What stands out found since the partnership last met, what was decided about each, "
               "and who is following it up. Choose boroughs in the filter bar.", className="small"),
        html.Div([
            html.Label("Date of the last meeting (YYYY-MM-DD)", htmlFor=ids.MEETING_SINCE,
                       className="small fw-semibold d-block mb-0"),
            dcc.Input(id=ids.MEETING_SINCE, type="text", value=since.isoformat(), debounce=True,
                      autoComplete="off", className="form-control form-control-sm", style={"maxWidth": "12rem"}),
        ], className="mb-2"),
        html.Div([html.P(problem, className="small") for problem in problems]) if problems else None,
        dcc.Loading(html.Div(id=ids.MEETING_CONTENT), type="dot"),
        caveat_footer(),
    ])
