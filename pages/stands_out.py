"""What stands out: the boroughs and strands above their expected range, then the
changes over the rolling 12 months that are beyond chance."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids
from components.notices import caveat_footer, overlap_note
from components.stands_out_address import options_from_query
from stands_out.change_test import CHANGE_TEST_SENTENCE
from stands_out.days_after_event import METHOD_SENTENCE as DAYS_AFTER_METHOD_SENTENCE
from stands_out.expected_range import METHOD_SENTENCE
from stands_out.months_looked_at import CHOICES

dash.register_page(__name__, path="/stands-out", name="What stands out", title="What stands out - hate crime",
                   order=4)


def layout(**query):
    # The options come from the address (?when=period&every_strand=off), so a copied
    # link and the back button open the same view.
    options, problems = options_from_query(query)
    return html.Div([
        html.H1("What stands out", className="h3 mt-2"),
        dbc.Row([
            dbc.Col(dbc.RadioItems(id=ids.STANDS_OUT_WHEN, inline=True, value=options.when, options=CHOICES),
                    xs="auto"),
            dbc.Col(dbc.Switch(id=ids.STANDS_OUT_STRANDS, value=options.every_strand,
                               label="Every strand (off: only the strand chosen above)"), xs="auto"),
        ], className="g-3 mb-2 small"),
        dbc.Alert([html.Div(problem) for problem in problems], color="info", className="py-1 my-2 small")
        if problems else None,
        html.H2("Above the expected range", className="h5 mt-2"),
        dcc.Loading(html.Div([html.Div(id=ids.STANDS_OUT_SUMMARY), html.Div(id=ids.STANDS_OUT_LIST)]),
                    type="dot"),
        html.P(METHOD_SENTENCE, className="small text-muted"),
        _after_an_event(),
        html.H2("Changes beyond chance over the rolling 12 months", className="h5 mt-4"),
        dcc.Loading(html.Div(id=ids.STANDS_OUT_CHANGES), type="dot"),
        html.P(CHANGE_TEST_SENTENCE, className="small text-muted"),
        overlap_note(),
        caveat_footer(),
    ])


def _after_an_event() -> html.Section:
    """The days after an event: the date and recorded events are filled for the dataset in
    view by callbacks/events_after.py, which hides them for published data and says why."""
    return html.Section([
        html.H2("After an event", className="h5 mt-4", id=ids.EVENT_AFTER_HEADING),
        html.P("Were offences above normal for the time of year in the first 7 and 28 days from an attack, "
               "a national event or a local one? Choose its date, or one of the events recorded.",
               className="small mb-1"),
        html.Div(dbc.Row([
            # A text box, not dcc.DatePickerSingle: Dash 4's picker puts aria-expanded on a
            # wrapper with no role (an axe violation), and a typed date is as quick by keyboard.
            dbc.Col([dbc.Label("Event's date, the first day counted (YYYY-MM-DD or DD/MM/YYYY)",
                               html_for=ids.EVENT_AFTER_DATE, className="small fw-semibold mb-0 d-block"),
                     dcc.Input(id=ids.EVENT_AFTER_DATE, type="text", debounce=True, placeholder="2017-06-03",
                               autoComplete="off", className="form-control form-control-sm")],
                    xs=12, md=4),
            dbc.Col([dbc.Label("Recorded events", html_for=ids.EVENT_AFTER_CHOICE, id=f"{ids.EVENT_AFTER_CHOICE}-label",
                               className="small fw-semibold mb-0"),
                     dcc.Dropdown(id=ids.EVENT_AFTER_CHOICE, placeholder="Choose an event to set the date",
                                  clearable=True)],
                    xs=12, md=8),
        ], className="g-2 align-items-end mb-1"), id=ids.EVENT_AFTER_CONTROLS),
        html.Div(id=ids.EVENT_AFTER_NOTE),
        dcc.Loading(html.Div(id=ids.EVENT_AFTER_RESULT), type="dot"),
        html.P(DAYS_AFTER_METHOD_SENTENCE, className="small text-muted"),
    ], **{"aria-labelledby": ids.EVENT_AFTER_HEADING})
