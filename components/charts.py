"""Every chart on every page is made here, so they share one configuration and the
same export controls: PNG, SVG and "Download data (CSV)" under each chart (drawn on the
server by callbacks/exports.py, decorated to stand on its own; see docs/EXPORTS.md)."""

from dash import dcc, html

from components import ids

# Plotly's geo subplot loads a topojson base map even when every base layer is hidden;
# serving it from the app keeps the map working on networks that block CDNs.
TOPOJSON_URL = "/assets/topojson/"

GRAPH_CONFIG = {
    "displaylogo": False,
    # plotly.js offers to upload a chart, data included, to its cloud: never from here.
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "topojsonURL": TOPOJSON_URL,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
}

# (format, button text, what a screen reader announces)
EXPORT_BUTTONS = [
    ("png", "PNG", "Download this chart as a PNG image, with its title, filters and source"),
    ("svg", "SVG", "Download this chart as an SVG image, with its title, filters and source"),
    # The visible words begin the name (WCAG 2.5.3, label in name), then what it gives.
    ("csv", "Download data (CSV)", "Download data (CSV): the numbers this chart draws"),
]


def chart(graph_id: str, **kwargs) -> html.Div:
    """The graph, and under it its export buttons. The box around the graph is what the
    export callback reads the drawn figure from (pattern id, so one callback serves all)."""
    return html.Div([
        html.Div(dcc.Loading(dcc.Graph(id=graph_id, config=GRAPH_CONFIG, **kwargs), type="dot", delay_show=300),
                 id={"type": ids.CHART_BOX, "chart": graph_id}),
        chart_export_controls(graph_id),
    ])


def chart_export_controls(graph_id: str) -> html.Div:
    return html.Div([
        html.Span("Export:", className="small text-muted me-1"),
        *[html.Button(text, id={"type": ids.CHART_EXPORT, "chart": graph_id, "format": file_format},
                      n_clicks=0, type="button", title=description, **{"aria-label": description,
                                                                     "data-export": file_format},
                      className="btn btn-outline-secondary btn-sm py-0 me-1")
          for file_format, text, description in EXPORT_BUTTONS],
        dcc.Download(id={"type": ids.CHART_DOWNLOAD, "chart": graph_id}),
        html.Span(id={"type": ids.CHART_EXPORT_STATUS, "chart": graph_id}, className="small text-muted ms-1",
                  role="status"),
        html.Span(id={"type": ids.CHART_EXPORT_MESSAGE, "chart": graph_id}, className="small text-danger ms-1",
                  role="alert"),
    ], className="chart-exports d-flex flex-wrap align-items-center gap-1 mt-1 mb-2")
