"""The one filter bar every page shares: dataset, period, strand, boroughs and the group
they are compared with."""

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids


def _labelled(label: str, control, width) -> dbc.Col:
    """The label has an id so assets/accessible_dropdowns.js can put it first in the
    dropdown's accessible name ("From Jan 2025", not just "Jan 2025"): dcc.Dropdown names
    its button by its value alone."""
    return dbc.Col([dbc.Label(label, html_for=control.id, id=f"{control.id}-label",
                              className="small fw-semibold mb-0"), control], **width)


def filter_bar() -> html.Div:
    """Options and values are filled from the store and the URL by callbacks/filters.py."""
    return html.Div([
        dbc.Row([
            _labelled("Dataset", dcc.Dropdown(id=ids.DATASET, clearable=False, searchable=False),
                      {"xs": 12, "md": 3, "xl": 2}),
            _labelled("From", dcc.Dropdown(id=ids.PERIOD_START, clearable=False), {"xs": 6, "md": 2}),
            _labelled("To", dcc.Dropdown(id=ids.PERIOD_END, clearable=False), {"xs": 6, "md": 2}),
            _labelled("Strand", dcc.Dropdown(id=ids.STRAND, clearable=False, searchable=False),
                      {"xs": 12, "md": 3, "xl": 2}),
            _labelled("Boroughs",
                      dcc.Dropdown(id=ids.BOROUGHS, multi=True, placeholder="All of London"),
                      {"xs": 12, "md": 2}),
            _labelled("Compare with",
                      dcc.Dropdown(id=ids.COMPARISON_GROUP, clearable=False, searchable=False),
                      {"xs": 12, "md": 3, "xl": 2}),
        ], className="g-2 align-items-end"),
        html.Div(id=ids.FILTER_MESSAGE, role="status"),
    ], className="filter-bar p-2 mb-2 bg-light border rounded", role="group", **{"aria-label": "Filters"})
