"""The navbar, built from the page registry, with links that carry the filters."""

import dash
import dash_bootstrap_components as dbc
from dash import html

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
            dbc.Nav(links, navbar=True, className="ms-auto"),
        ], fluid=True),
        color="dark", dark=True, className="mb-2",
    )


def _nav_path(page) -> str:
    """The page's path, with its template where it has one (Dash gives pages with a path
    template a relative_path like /borough/none)."""
    return page.get("path_template") or page["relative_path"]
