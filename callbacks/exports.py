"""Exports: wiring only. Logic in exports/ (see docs/EXPORTS.md).

- Each chart's PNG / SVG / CSV buttons: one pattern-matching callback for every chart on
  every page. The request names the chart (the button's id) and sends the filters and
  the chart's options; the server checks them and rebuilds the chart's answer from its
  one definition. No figure a client wrote is ever drawn.
- Each registry table's "Download data (CSV)" button: one pattern-matching callback for
  every such table; the server rebuilds the table from its definition
  (charts/table_registry.py) with the filters and the table's options, as for charts.
- Each page's briefing pack links: their addresses follow the filters; a click says the
  pack is being built (in the browser, no round trip).
"""

import json

from dash import ALL, MATCH, Input, Output, State, callback, clientside_callback, ctx, dcc, no_update
from dash.exceptions import PreventUpdate

from charts.context import page_context, store_cursor
from security.bad_request import BadRequest
from charts.registry import chart_answer, chart_definition
from charts.table_registry import table_definition, viewer_table_answer
from components import ids
from exports.briefing_pack import LONDON
from exports.chart_files import CHART_FORMATS, chart_file, chart_filename, export_area, export_context
from exports.controls import BUILDING_MESSAGE, PACK_LINK_CLASS
from exports.export_slots import IMAGE_WAIT_SECONDS, ExportsBusy, at_low_priority, export_slots
from exports.filenames import table_filename
from exports.rendering import IMAGE_FORMATS, RenderingUnavailable, rendering_problem
from exports.routes import pack_href
from figures.tables import table_csv
from signin.audit import record_export


@callback(
    Output({"type": ids.CHART_DOWNLOAD, "chart": MATCH}, "data"),
    Output({"type": ids.CHART_EXPORT_MESSAGE, "chart": MATCH}, "children"),
    Input({"type": ids.CHART_EXPORT, "chart": MATCH, "format": ALL}, "n_clicks"),
    State({"type": ids.CHART_OPTIONS, "chart": MATCH}, "data"),
    State(ids.FILTER_STATE, "data"),
    running=[(Output({"type": ids.CHART_EXPORT_STATUS, "chart": MATCH}, "children"), "Preparing the file...", "")],
    prevent_initial_call=True,
)
def download_chart(clicks, options, filter_state):
    button = ctx.triggered_id
    if not isinstance(button, dict):
        raise PreventUpdate
    if button.get("format") not in CHART_FORMATS:
        raise BadRequest(f"Charts download as {', '.join(CHART_FORMATS)}.")
    if not isinstance(clicks, list) or not any(isinstance(n, int) and n > 0 for n in clicks):
        raise PreventUpdate
    definition = chart_definition(button.get("chart"))
    cursor = store_cursor()
    context = page_context(cursor, filter_state)
    options = definition.check_options(options, context)
    answer = chart_answer(cursor, context, definition.chart_id, options)
    if definition.export_view is not None:
        context = definition.export_view(context, options)  # name and label the files by what the chart shows
    area, area_label = export_area(context, options)
    filename = chart_filename(context, area, definition, button["format"])
    record_export(filename, context)
    export = export_context(context, area_label)

    def draw():
        return chart_file(answer, button["format"], export=export, filename=filename)

    try:
        if button["format"] not in IMAGE_FORMATS:
            return draw(), None  # a CSV is cheap
        # An image starts a Chromium: it takes one of the machine's export slots.
        with export_slots().slot(IMAGE_WAIT_SECONDS):
            return at_low_priority(draw), None
    except (RenderingUnavailable, ExportsBusy) as problem:
        return no_update, str(problem)


@callback(
    Output({"type": ids.TABLE_DOWNLOAD, "table": MATCH}, "data"),
    Output({"type": ids.TABLE_EXPORT_MESSAGE, "table": MATCH}, "children"),
    Input({"type": ids.TABLE_EXPORT, "table": MATCH}, "n_clicks"),
    State({"type": ids.TABLE_OPTIONS, "table": MATCH}, "data"),
    State(ids.FILTER_STATE, "data"),
    prevent_initial_call=True,
)
def download_table(clicks, options, filter_state):
    button = ctx.triggered_id
    if not isinstance(button, dict) or not isinstance(clicks, int) or clicks <= 0:
        raise PreventUpdate
    definition = table_definition(button.get("table"))
    cursor = store_cursor()
    context = page_context(cursor, filter_state)
    # As the page shows it to this viewer: What stands out's changes with their review
    # status for a signed-in viewer only.
    answer = viewer_table_answer(cursor, context, definition.table_id, options)
    if answer.message is not None:
        return no_update, answer.message
    filename = table_filename(answer, context.state.strand)
    record_export(filename, context)
    return dcc.send_string(table_csv(answer.csv_frame(), answer.formats), filename, type="text/csv"), None


@callback(
    Output({"type": ids.PACK_LINK, "page": MATCH, "format": ALL}, "href"),
    Output({"type": ids.PACK_LINK, "page": MATCH, "format": ALL}, "className"),
    Output({"type": ids.PACK_NOTE, "page": MATCH}, "children"),
    Input(ids.FILTER_STATE, "data"),
    Input({"type": ids.PACK_AREA, "page": MATCH}, "data"),
)
def briefing_pack_links(filter_state, area):
    links = ctx.outputs_list[0]
    context = page_context(store_cursor(), filter_state)
    if area is not None and not isinstance(area, str):
        raise BadRequest("The briefing pack's area is not a name.")
    area = (area or "").lower()
    if area != LONDON and context.borough(area) is None:
        return [None] * len(links), [f"{PACK_LINK_CLASS} disabled"] * len(links), \
            "Choose a borough to make its briefing pack."
    state = context.state
    query = {"dataset": state.dataset_id, "from": f"{state.start:%Y-%m}", "to": f"{state.end:%Y-%m}",
             "strand": state.strand, "area": area}
    problem = rendering_problem()
    note = (f"{problem} The pack will hold the figures, tables and CSV files, without chart images."
            if problem else None)
    return [pack_href(link["id"]["format"], query) for link in links], [PACK_LINK_CLASS] * len(links), note


clientside_callback(
    f"""function(clicks) {{
        if (!clicks || !clicks.some(Boolean)) {{ return window.dash_clientside.no_update; }}
        return {json.dumps(BUILDING_MESSAGE)};
    }}""",
    Output({"type": ids.PACK_STATUS, "page": MATCH}, "children"),
    Input({"type": ids.PACK_LINK, "page": MATCH, "format": ALL}, "n_clicks"),
    prevent_initial_call=True,
)
