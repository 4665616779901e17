"""The navbar, built from the page registry, with links that carry the filters. On a
narrow screen (a phone, or 400% zoom) the links fold behind a menu button, so the page
reflows at 320 px without scrolling sideways (WCAG 1.4.10)."""

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, clientside_callback, html

from components import ids


def navbar() -> dbc.Navbar:
    links = [
        dbc.NavItem(dbc.NavLink(page["name"], href=_nav_path(page).replace("<slug>", "choose"),
                                active="partial" if page["relative_path"] != "/" else "exact",
                                id={"type": ids.NAV_LINKS, "page": _nav_path(page)}))
        for page in dash.page_registry.values()
        if page.get("nav", True)
    ]
    return dbc.Navbar(
        dbc.Container([
            dbc.NavbarBrand([html.Span("London hate crime", className="fw-bold"),
                             html.Span(" by borough", className="fw-light")], href="/"),
            # A plain button, so its name and aria-expanded are ours to set.
            html.Button(html.Span(className="navbar-toggler-icon"), id=ids.NAV_TOGGLER, type="button",
                        n_clicks=0, className="navbar-toggler",
                        **{"aria-label": "Menu", "aria-controls": ids.NAV_COLLAPSE, "aria-expanded": "false"}),
            dbc.Collapse(dbc.Nav(links, navbar=True, className="ms-auto"), id=ids.NAV_COLLAPSE,
                         is_open=False, navbar=True),
        ], fluid=True),
        color="dark", dark=True, expand="lg", className="mb-2",
    )


def _nav_path(page) -> str:
    """The page's path, with its template where it has one (Dash gives pages with a path
    template a relative_path like /borough/none)."""
    return page.get("path_template") or page["relative_path"]


# Opening and closing the menu is the browser's work alone: no request for a click.
clientside_callback(
    """function(clicks, isOpen) {
        const open = clicks ? !isOpen : false;
        return [open, open ? 'true' : 'false'];
    }""",
    Output(ids.NAV_COLLAPSE, "is_open"),
    Output(ids.NAV_TOGGLER, "aria-expanded"),
    Input(ids.NAV_TOGGLER, "n_clicks"),
    State(ids.NAV_COLLAPSE, "is_open"),
)
