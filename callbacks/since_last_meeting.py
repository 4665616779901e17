"""Since the last meeting: the filters and the meeting's date in, the agenda
(meetings/agenda.py) out as sections of tables; signed out, a sentence and nothing of
any review."""

from urllib.parse import urlencode

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, html, no_update

from charts.context import page_context, store_cursor
from components import ids
from components.url_state import parse_query_string
from meetings.address import default_since, parse_since, with_since
from meetings.agenda import Agenda, meeting_agenda
from meetings.routes import AGENDA_PATH
from reviews.access import review_access
from reviews.database import ReviewsUnavailable
from reviews.routes import review_href
from security.bad_request import BadRequest
from signin.routes import SIGN_IN_PATH

MAX_ROWS_LISTED = 50  # a meeting's agenda, not an archive; the files hold every row


@callback(
    Output(ids.MEETING_CONTENT, "children"),
    Input(ids.FILTER_STATE, "data"),
    Input(ids.MEETING_SINCE, "value"),
)
def update_since_last_meeting(filter_state, since):
    since = _since(since)
    access = review_access()
    if not access.may_read:
        return dbc.Alert(["What a meeting decided about each signal is shown only to people who have signed in. ",
                          html.A("Sign in", href=f"{SIGN_IN_PATH}?next=/since-last-meeting")],
                         color="info", className="py-2 small")
    cursor = store_cursor()
    context = page_context(cursor, filter_state)
    try:
        agenda = meeting_agenda(cursor, context, access, since)
    except ReviewsUnavailable as problem:
        return dbc.Alert(str(problem), color="danger", className="py-2 small")
    query = {"dataset": context.state.dataset_id, "since": since.isoformat()}
    if context.state.boroughs:
        query["borough"] = ",".join(context.state.boroughs)
    return agenda_sections(agenda, query)


@callback(
    Output(ids.URL, "search", allow_duplicate=True),
    Input(ids.MEETING_SINCE, "value"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)
def write_since_to_address(since, search):
    since = _since(since)
    if search is not None and not isinstance(search, str):
        raise BadRequest("The address in this request is not text.")
    written = with_since(search, since)
    return no_update if parse_query_string(written) == parse_query_string(search) else written


def _since(raw):
    """An emptied box is the default four weeks, not an error."""
    return default_since() if raw in (None, "") else parse_since(raw)


def agenda_sections(agenda: Agenda, query: dict) -> html.Div:
    files = html.P(["The agenda: ",
                    html.A("PDF", href=f"{AGENDA_PATH.format(extension='pdf')}?{urlencode(query, safe=',')}"), " · ",
                    html.A("PowerPoint",
                           href=f"{AGENDA_PATH.format(extension='pptx')}?{urlencode(query, safe=',')}")],
                   className="small")
    return html.Div([
        html.H2(agenda.title, className="h5 mt-2"),
        html.P(agenda.reviewed_sentence, className="fw-semibold"),
        files,
        _section("New since the meeting", agenda.new, "No signal is new since the meeting."),
        _section("Open, oldest first", agenda.open, "No signal is open."),
        _section("Closed since the meeting", agenda.closed, "No signal was closed since the meeting."),
        html.P(agenda.source, className="small text-muted"),
    ])


def _section(heading: str, frame: pd.DataFrame, empty: str) -> html.Section:
    heading_id = "meeting-" + heading.split()[0].lower()
    if frame.empty:
        body = html.P(empty, className="small")
    else:
        columns = [column for column in frame.columns if column != "signal_id"]
        rows = [html.Tr([html.Td(html.A(row["Signal"], href=review_href(row["signal_id"]))
                                 if column == "Signal" else _cell(row[column])) for column in columns])
                for _, row in frame.head(MAX_ROWS_LISTED).iterrows()]
        body = html.Div(html.Table([html.Thead(html.Tr([html.Th(column, scope="col") for column in columns])),
                                    html.Tbody(rows)], className="table table-sm small"),
                        className="table-responsive")
    return html.Section([html.H3(f"{heading} ({len(frame)})", className="h6 mt-3", id=heading_id), body],
                        **{"aria-labelledby": heading_id})


def _cell(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return f"{value:%-d %b %Y}" if hasattr(value, "strftime") else str(value)
