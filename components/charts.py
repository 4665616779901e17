"""Every chart on every page is made here, so they share one configuration and the
same export controls: PNG, SVG and "Download data (CSV)" under each chart (rebuilt and
drawn on the server by callbacks/exports.py from the chart's id, the filters and the
chart's options; see docs/EXPORTS.md), and "Show as table", the numbers the chart
draws, which also names and describes the chart for screen readers."""

import re

import numpy as np
import pandas as pd
from dash import dcc, html

from components import ids
from figures.answer import ChartAnswer

# Plotly's geo subplot loads a topojson base map even when every base layer is hidden;
# serving it from the app keeps the map working on networks that block CDNs.
TOPOJSON_URL = "/assets/topojson/"

GRAPH_CONFIG = {
    # No mode bar: it adds seven tab stops to every chart (about 70 on a profile), its icons
    # have 1.7:1 contrast, and its PNG button gives an image without the source line. The
    # export buttons under each chart give PNG, SVG and CSV with title, filters and source.
    "displayModeBar": False,
    "displaylogo": False,
    # plotly.js offers to upload a chart, data included, to its cloud: never from here.
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "topojsonURL": TOPOJSON_URL,
}

# (format, button text, what a screen reader announces)
EXPORT_BUTTONS = [
    ("png", "PNG", "Download this chart as a PNG image, with its title, filters and source"),
    ("svg", "SVG", "Download this chart as an SVG image, with its title, filters and source"),
    # The visible words begin the name (WCAG 2.5.3, label in name), then what it gives.
    ("csv", "Download data (CSV)", "Download data (CSV): the numbers this chart draws"),
]
TABLE_LOADING = "Getting the numbers..."
GSS_CODE = re.compile(r"E\d{8}")
MONTH = re.compile(r"\d{4}-\d{2}(-\d{2})?")
MAX_TABLE_ROWS = 800  # a two-year daily series; longer tables are cut, with a sentence


def chart(graph_id: str, *, options: dict | None = None, heading=None, **kwargs) -> html.Div:
    """The graph, its export buttons and its table. The page callback fills the graph, the
    chart's options store (what an export sends back) and its heading; a chart a callback
    places itself (What stands out's list) comes with them: `figure=` (to dcc.Graph),
    `options` and `heading`, as callbacks.drawn_charts.drawn_chart returns them.

    "Show as table" is filled when it is opened, and again whenever the chart is redrawn
    while it is open (callbacks/chart_tables.py): a closed table costs the server nothing
    and sends nothing, and most are never opened."""
    return html.Div([
        # Shown instead of the chart's own title on narrow screens (assets/dashboard.css).
        # It names the figure for screen readers (aria-labelledby reads it even when it is
        # not displayed), and is hidden from them as text, so the title is not read twice.
        html.Div(html.Div(heading, id={"type": ids.CHART_HEADING, "chart": graph_id}),
                 id=ids.chart_caption(graph_id), className="chart-heading", **{"aria-hidden": "true"}),
        html.Div(dcc.Loading(dcc.Graph(id=graph_id, config=GRAPH_CONFIG, **kwargs), type="dot", delay_show=300),
                 id={"type": ids.CHART_BOX, "chart": graph_id}),
        dcc.Store(id={"type": ids.CHART_OPTIONS, "chart": graph_id}, data=options),
        dcc.Store(id={"type": ids.CHART_TABLE_WANTED, "chart": graph_id}),
        chart_export_controls(graph_id),
        html.Details([html.Summary("Show as table", id={"type": ids.CHART_TABLE_TOGGLE, "chart": graph_id},
                                   n_clicks=0, className="small"),
                      html.Div(html.P(TABLE_LOADING, className="small text-muted"),
                               id={"type": ids.CHART_TABLE, "chart": graph_id}, className="chart-table",
                               **{"aria-live": "polite"})],
                     className="mb-3"),
        # A slide of the meeting deck in the projector view (assets/meeting_deck.js moves the
        # focus here, so -1: reachable by the deck's keys, not another tab stop).
    ], role="figure", className="chart-slide", tabIndex="-1", **{"aria-labelledby": ids.chart_caption(graph_id)})


def chart_heading(answer: ChartAnswer) -> list:
    """The chart's title and subtitle as HTML text, which wraps to any width."""
    return [html.Div(answer.text.title, className="fw-bold"),
            html.Div(answer.text.heading_subtitle(), className="small text-muted")]


def numbers_table(answer: ChartAnswer) -> html.Div:
    """The numbers a chart draws (its answer's table) as an HTML table whose caption is
    the chart's title, so the chart has a name and a text alternative."""
    frame = answer.table if answer.listed is None else answer.listed
    cut = len(frame) > MAX_TABLE_ROWS
    shown = frame.head(MAX_TABLE_ROWS)
    subtitle = answer.text.heading_subtitle()
    header = html.Thead(html.Tr([html.Th(str(column), scope="col",
                                         className="number" if index and is_numeric(shown[column]) else None)
                                 for index, column in enumerate(shown.columns)]))
    body = html.Tbody([html.Tr([_cell(value, first=index == 0) for index, value in enumerate(row)])
                       for row in shown.itertuples(index=False)])
    return html.Div([
        html.Table([html.Caption([answer.text.title or "Chart", html.Span(f" {subtitle}" if subtitle else "",
                                                                          className="text-muted")]),
                    header, body], className="table table-sm table-striped small mb-1"),
        html.P(f"The first {MAX_TABLE_ROWS:,} of {len(frame):,} rows; the CSV download has them all.",
               className="small text-muted") if cut else None,
        html.P(answer.table_note, className="small text-muted") if answer.table_note else None,
    ], className="table-responsive")


def is_numeric(column: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)


def _cell(value, *, first: bool):
    if isinstance(value, bool):
        text, kind = str(value), None
    elif isinstance(value, (int, float, np.integer, np.floating)) and value == value:
        text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
        kind = "number"
    else:
        text = "" if value is None or value is pd.NA or (isinstance(value, float) and value != value) else str(value)
        kind = "code" if GSS_CODE.fullmatch(text) or MONTH.fullmatch(text) else None
    return html.Th(text, scope="row", className=kind) if first else html.Td(text, className=kind)


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
