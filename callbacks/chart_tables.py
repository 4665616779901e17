"""Every chart's "Show as table", filled when it is opened and refreshed while it is open.

The summary's clicks say whether it is open (each click, or Enter or Space on it, opens
or closes it). A clientside callback (assets/chart_tables.js) passes the chart's options
on to the server only when the table is open, whether it was just opened or the chart
was redrawn under it; a closed table sends no request. The server checks the options
and the filters again and reads the chart from the same shared answer the page drew,
so a table never shows other numbers than its chart, and nothing a client sent is drawn.
"""

from dash import MATCH, ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx, html

from callbacks.drawn_charts import chart_numbers
from charts.context import page_context, store_cursor
from security.bad_request import BadRequest
from charts.registry import chart_definition
from components import ids

NOTHING_DRAWN = "The chart has nothing to show yet, so there are no numbers to list."
WANTED_KEYS = {"opened", "options"}

clientside_callback(
    ClientsideFunction(namespace="chartTables", function_name="tableWanted"),
    Output({"type": ids.CHART_TABLE_WANTED, "chart": MATCH}, "data"),
    Input({"type": ids.CHART_TABLE_TOGGLE, "chart": MATCH}, "n_clicks"),
    Input({"type": ids.CHART_OPTIONS, "chart": MATCH}, "data"),
    prevent_initial_call=True,
)


@callback(
    Output({"type": ids.CHART_TABLE, "chart": MATCH}, "children"),
    Input({"type": ids.CHART_TABLE_WANTED, "chart": MATCH}, "data"),
    State(ids.FILTER_STATE, "data"),
    prevent_initial_call=True,
)
def fill_chart_table(wanted, filter_state):
    output = ctx.outputs_list
    chart_id = output["id"].get("chart") if isinstance(output, dict) and isinstance(output.get("id"), dict) else None
    definition = chart_definition(chart_id)  # a chart the dashboard has, or 400
    if not isinstance(wanted, dict) or set(wanted) != WANTED_KEYS:
        raise BadRequest("A table request names the chart's options and how often it was opened.")
    opened = wanted["opened"]
    if isinstance(opened, bool) or not isinstance(opened, int) or opened < 0:
        raise BadRequest("How often the table was opened must be a whole number.")
    cursor = store_cursor()
    context = page_context(cursor, filter_state)
    raw_options = wanted["options"]
    if raw_options is None:
        # A chart still waiting for a choice (a profile with no borough) draws nothing; a
        # chart that needs no options is drawn from the filters alone.
        try:
            definition.check_options(None, context)
        except BadRequest:
            return html.P(NOTHING_DRAWN, className="small text-muted")
    return chart_numbers(cursor, context, definition.chart_id, raw_options)
