"""Trends: filters and chart options in, the Trends chart's definition, figure out."""

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, no_update

from callbacks.drawn_charts import chart_outputs, drawn_chart
from charts.context import page_context, store_cursor
from charts.trends import default_strands, trend_options, trend_plan
from components import ids
from components.trends_address import MEASURES, with_measure
from queries.strands import STRANDS
from security.bad_request import BadRequest


@callback(
    Output(ids.TRENDS_STRANDS, "options"),
    Output(ids.TRENDS_STRANDS, "value"),
    Input(ids.FILTER_STATE, "data"),
)
def offer_trend_strands(filter_state):
    context = page_context(store_cursor(), filter_state)
    # With boroughs chosen the chart draws the filter bar's strand per borough: the ticks
    # would do nothing, so they are shown disabled rather than ignored.
    by_borough = bool(context.chosen_codes)
    options = [{"label": STRANDS[key].short_label, "value": key, "disabled": by_borough} for key in context.strands]
    return options, default_strands(context)


@callback(
    *chart_outputs(ids.TRENDS_CHART),
    Output(ids.TRENDS_MESSAGE, "children"),
    Input(ids.FILTER_STATE, "data"),
    Input(ids.TRENDS_GRANULARITY, "value"),
    Input(ids.TRENDS_ROLLING, "value"),
    Input(ids.TRENDS_SCALE, "value"),
    Input(ids.TRENDS_EVENTS, "value"),
    Input(ids.TRENDS_STRANDS, "value"),
    Input(ids.TRENDS_MEASURE, "value"),
)
def update_trend(filter_state, granularity, rolling, scale, show_events, chosen_strands, measure):
    cursor = store_cursor()
    context = page_context(cursor, filter_state)
    raw = {"granularity": granularity, "rolling": rolling, "scale": scale, "events": show_events,
           "strands": chosen_strands, "measure": measure}
    options = trend_options(raw, context)
    notes = trend_plan(context, options).notes
    message = dbc.Alert(notes, color="info", className="py-1 small") if notes else None
    return (*drawn_chart(cursor, context, ids.TRENDS_CHART, options), message)


@callback(
    Output(ids.URL, "search", allow_duplicate=True),
    Input(ids.TRENDS_MEASURE, "value"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)
def write_measure_to_address(measure, search):
    """Counts or rates become a step in the browser's history and part of a copied address;
    pages/trends.layout reads it back."""
    if measure is not None and (not isinstance(measure, str) or measure not in MEASURES):
        raise BadRequest(f"Trends show one of {', '.join(MEASURES)}.")
    if search is not None and not isinstance(search, str):
        raise BadRequest("The address in this request is not text.")
    written = with_measure(search, measure or MEASURES[0])
    return no_update if written == (search or "") else written
