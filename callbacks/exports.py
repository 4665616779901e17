"""Exports: wiring only. Logic in exports/ (see docs/EXPORTS.md).

- Each chart's PNG / SVG / CSV buttons: one pattern-matching callback for every chart on
  every page. It reads the figure as drawn from the chart's box, and the filters.
- Each page's briefing pack links: their addresses follow the filters; a click says the
  pack is being built (in the browser, no round trip).
"""

import json

from dash import ALL, MATCH, Input, Output, State, callback, clientside_callback, ctx, no_update
from dash.exceptions import PreventUpdate

from callbacks.shared import page_context, store_cursor
from components import ids
from exports.briefing_pack import LONDON
from exports.chart_files import CHART_FORMATS, chart_file, chart_filename, export_area, export_context, find_figure
from exports.controls import BUILDING_MESSAGE, PACK_LINK_CLASS
from exports.rendering import RenderingUnavailable, rendering_problem
from exports.routes import pack_href


@callback(
    Output({"type": ids.CHART_DOWNLOAD, "chart": MATCH}, "data"),
    Output({"type": ids.CHART_EXPORT_MESSAGE, "chart": MATCH}, "children"),
    Input({"type": ids.CHART_EXPORT, "chart": MATCH, "format": ALL}, "n_clicks"),
    State({"type": ids.CHART_BOX, "chart": MATCH}, "children"),
    State(ids.FILTER_STATE, "data"),
    State(ids.URL, "pathname"),
    running=[(Output({"type": ids.CHART_EXPORT_STATUS, "chart": MATCH}, "children"), "Preparing the file...", "")],
    prevent_initial_call=True,
)
def download_chart(clicks, chart_box, filter_state, pathname):
    button = ctx.triggered_id
    if not isinstance(button, dict) or button.get("format") not in CHART_FORMATS or not any(clicks or []):
        raise PreventUpdate
    figure = find_figure(chart_box, button["chart"])
    if figure is None:
        return no_update, "This chart has not been drawn yet; try again in a moment."
    cursor = store_cursor()
    context = page_context(cursor, filter_state)
    area, area_label = export_area(context, pathname)
    try:
        return chart_file(
            figure, button["format"], export=export_context(context, area_label),
            filename=chart_filename(context, area, button["chart"], button["format"]),
            location_names=dict(zip(context.boroughs.gss_code, context.boroughs.name))), None
    except RenderingUnavailable as problem:
        return no_update, str(problem)
    except ValueError:
        return no_update, "This chart could not be exported."


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
    area = str(area or "").lower()
    met_slugs = set(context.boroughs[context.boroughs.policed_by_met].slug)
    if area != LONDON and area not in met_slugs:
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
