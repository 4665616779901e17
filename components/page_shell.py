"""What every page needs around it to be usable by everyone (WCAG 2.2 AA): the page's
language, a skip link to the `main` landmark, a browser-tab title that names the page,
the borough and the period, and the projector view.

app.py uses three things from here:
    dash.Dash(..., index_string=INDEX_STRING, update_title=None)
    the shell:   html.Div([..., navbar(), main_landmark([...page content...])], id=ids.PAGE_SHELL)
    and the two stores in `shell_stores()`.
"""

import json

from dash import Input, Output, State, clientside_callback, dcc, html
from dash.dash import _ID_STORE as DASH_PAGES_STORE  # Dash sets the plain page title from it

from components import ids

LANGUAGE = "en-GB"
SITE_NAME = "London hate crime by borough"
PRESENT_VIEW = "present"  # ?view=present: the projector view (components/url_state.py keeps it in the address)

# Dash's own index page with a language (WCAG 3.1.1) and, first in the page, a skip link
# (WCAG 2.4.1). Plain HTML rather than a component: it works before the scripts load.
INDEX_STRING = f"""<!DOCTYPE html>
<html lang="{LANGUAGE}">
    <head>
        {{%metas%}}
        <title>{{%title%}}</title>
        {{%favicon%}}
        {{%css%}}
    </head>
    <body>
        <a class="skip-link" href="#{ids.MAIN}">Skip to main content</a>
        {{%app_entry%}}
        <footer>
            {{%config%}}
            {{%scripts%}}
            {{%renderer%}}
        </footer>
    </body>
</html>"""

# The browser-tab title of each page, before the borough and period are added.
PAGE_NAMES = {"/": "London overview", "/trends": "Trends", "/compare": "Compare boroughs",
              "/about": "About the data"}


def main_landmark(children) -> html.Main:
    """The skip link's target. tabIndex -1 lets the link move keyboard focus here."""
    return html.Main(children, id=ids.MAIN, tabIndex="-1", className="main-content")


def shell_stores() -> list:
    """Sinks for the clientside callbacks below (a callback needs an output)."""
    return [dcc.Store(id=ids.PAGE_TITLE), dcc.Store(id=ids.VIEW_MODE)]


# The title says where and when ("Camden borough profile, Jan 2025 to Dec 2025 - London
# hate crime by borough"), so a screen reader user, or anyone with many tabs open, knows
# which view a tab holds (WCAG 2.4.2). Set after Dash's own title (deferred a tick).
clientside_callback(
    f"""function(_pages, filterState, pathname, boroughOptions) {{
        const names = {json.dumps(PAGE_NAMES)};
        const months = ['Jan','Feb','Mar','Apr','May','Jun','Jul','Aug','Sep','Oct','Nov','Dec'];
        const monthLabel = (text) => {{
            const parts = String(text || '').split('-');
            return parts.length === 2 ? months[Number(parts[1]) - 1] + ' ' + parts[0] : '';
        }};
        const nameOf = {{}};
        (boroughOptions || []).forEach(option => {{ nameOf[option.value] = option.label; }});
        const path = pathname || '/';
        let page = names[path];
        const profile = path.match(/^\\/borough\\/([^/]+)/);
        if (profile) {{
            page = nameOf[profile[1]] ? nameOf[profile[1]] + ' borough profile' : 'Borough profile';
        }} else if (page && filterState && (filterState.boroughs || []).length && path !== '/about') {{
            const chosen = filterState.boroughs.map(slug => nameOf[slug] || slug);
            page += ': ' + (chosen.length > 3 ? chosen.length + ' boroughs' : chosen.join(', '));
        }}
        page = page || 'Page';
        if (filterState && filterState.start && path !== '/about') {{
            page += ', ' + monthLabel(filterState.start) + ' to ' + monthLabel(filterState.end);
        }}
        const title = page + ' - {SITE_NAME}';
        setTimeout(() => {{ document.title = title; }}, 0);
        return title;
    }}""",
    Output(ids.PAGE_TITLE, "data"),
    Input(DASH_PAGES_STORE, "data"),
    Input(ids.FILTER_STATE, "data"),
    Input(ids.URL, "pathname"),
    State(ids.BOROUGHS, "options"),
)

# The projector view: larger type and fewer controls. The class goes on <html> so every
# rem-based size grows with it.
clientside_callback(
    f"""function(search) {{
        const present = new URLSearchParams(search || '').get('view') === '{PRESENT_VIEW}';
        document.documentElement.classList.toggle('view-present', present);
        return present ? '{PRESENT_VIEW}' : 'standard';
    }}""",
    Output(ids.VIEW_MODE, "data"),
    Input(ids.URL, "search"),
)
