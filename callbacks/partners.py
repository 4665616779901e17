"""Beyond police data (issue 20), on the overview (London) and the borough profile: each
partner source's panel (charts/partners.py) with its overlap badge, the sources that do
not cover the area, and the "police and partners, same period" table."""

import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html

from callbacks.drawn_charts import drawn_chart
from charts.context import check_profile_slug, page_context, store_cursor
from charts.partners import Area, area_options, overlap_badge, section_facts
from charts.registry import chart_answer
from charts.table_registry import table_answer
from components import ids
from components.charts import chart
from components.tables import answer_table
from queries.aggregates import LONDON_AREA

MAX_PANELS = len(ids.PARTNER_PANEL_CHARTS)
SEVERAL_BOROUGHS = "Partners' figures for London: choose one borough in the filter bar to see its own."
MAX_TABLE_ROWS = 16  # the latest periods; the CSV has every row


@callback(Output(ids.OVERVIEW_PARTNERS, "children"), Input(ids.FILTER_STATE, "data"))
def update_overview_partners(filter_state):
    cursor = store_cursor()
    context = page_context(cursor, filter_state)
    return beyond_police_data(cursor, context, Area(LONDON_AREA, LONDON_AREA, "London"))


@callback(Output(ids.PROFILE_PARTNERS, "children"), Input(ids.FILTER_STATE, "data"), Input(ids.PROFILE_SLUG, "data"))
def update_profile_partners(filter_state, slug):
    cursor = store_cursor()
    context = page_context(cursor, filter_state)
    borough = context.borough(check_profile_slug(slug))
    if borough is None:
        return None  # the profile says which boroughs there are
    return beyond_police_data(cursor, context, Area(borough.slug, borough.gss_code, borough.name))


@callback(Output(ids.TRENDS_PARTNERS, "children"), Input(ids.FILTER_STATE, "data"))
def update_trends_partners(filter_state):
    cursor = store_cursor()
    return trends_partners(cursor, page_context(cursor, filter_state))


def trends_partners(cursor, context) -> list:
    """Trends' partner series: for the one borough chosen, else for London (a partner's
    borough counts are never added up into a group of boroughs)."""
    chosen = context.state.boroughs
    if len(chosen) == 1 and (borough := context.borough(chosen[0])) is not None:
        return beyond_police_data(cursor, context, Area(borough.slug, borough.gss_code, borough.name))
    note = [html.P(SEVERAL_BOROUGHS, className="small")] if chosen else []
    return note + beyond_police_data(cursor, context, Area(LONDON_AREA, LONDON_AREA, "London"))


def beyond_police_data(cursor, context, area: Area) -> list:
    facts = section_facts(cursor, area)
    hidden = [html.P(f"{facts['hidden']} restricted partner file(s) are shown only to signed-in users.",
                     className="small")] if facts["hidden"] else []
    if not facts["loaded"]:
        return [html.P("No partner reports loaded.", className="fw-semibold mb-1"),
                html.P("An administrator can load partners' own figures (the README says how).",
                       className="small"), *hidden]
    parts, quiet = [], []
    if not facts["covering"]:
        parts.append(html.P(f"No partner reports for {area.name}: every partner loaded is not covering it "
                            "(not covered is not zero).", className="fw-semibold"))
    for chart_id, source in zip(ids.PARTNER_PANEL_CHARTS, facts["covering"]):
        options = {"source": source, "area": area.option}
        answer = chart_answer(cursor, context, chart_id, options)
        if answer.message is not None:
            quiet.append(html.Li(answer.message))
            continue
        figure, checked, heading = drawn_chart(cursor, context, chart_id, options)
        badge = dbc.Badge(overlap_badge(answer.table["Includes police reports"]), color="dark",
                          className="partner-overlap-badge text-wrap mb-1")
        parts.append(html.Div([badge, chart(chart_id, figure=figure, options=checked, heading=heading)],
                              className="partner-panel"))
    if quiet:
        parts += [html.P("No figures in this period:", className="fw-semibold mb-1"), html.Ul(quiet, className="small")]
    if len(facts["covering"]) > MAX_PANELS:
        parts.append(html.P(f"And {len(facts['covering']) - MAX_PANELS} more sources: their figures are in the "
                            "table below and on About.", className="small"))
    if facts["elsewhere"]:
        parts.append(html.P(f"Not covered in {area.name} (not covered is not zero):", className="fw-semibold mb-1"))
        parts.append(html.Ul([html.Li(f"{source}: reports for {', '.join(places)} only.")
                              for source, places in facts["elsewhere"].items()], className="small"))
    options = area_options({"area": area.option}, context)
    table = table_answer(cursor, context, ids.PARTNERS_TABLE, options)
    parts += [html.H3("Police and partners, same period", className="h6 mt-3"),
              html.P(table.summary, className="small") if table.summary else None,
              answer_table(ids.PARTNERS_TABLE, table, options=options, max_rows=MAX_TABLE_ROWS), *hidden]
    return parts
