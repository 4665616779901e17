"""London overview: filters in, queries, figure builders, components out."""

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html
from dash.exceptions import PreventUpdate

from callbacks.drawn_charts import chart_outputs, drawn_chart
from charts.context import page_context, store_cursor
from charts.headlines import area_headlines
from charts.strands_shown import headline_strands
from components import ids
from components.headline_cards import headline_figure_card, strand_cards
from components.notices import comparison_caveat_note
from components.url_state import profile_href
from components.verdicts import change_test_note
from queries.expected_counts import boroughs_above_range, has_expected_counts, months_judged
from queries.periods import Period, rolling_12_months
from queries.strand_summary import strand_period_comparison
from stands_out.change_test import add_change_verdicts
from stands_out.sentences import boroughs_above_sentence


@callback(
    Output(ids.OVERVIEW_HEADING, "children"),
    Output(ids.OVERVIEW_CARDS, "children"),
    *chart_outputs(ids.OVERVIEW_STRANDS),
    *chart_outputs(ids.OVERVIEW_TREND),
    Input(ids.FILTER_STATE, "data"),
)
def update_overview(filter_state):
    cursor = store_cursor()
    context = page_context(cursor, filter_state)
    state, period = context.state, context.state.period
    rolling = rolling_12_months(state.end)
    by_strand = add_change_verdicts(strand_period_comparison(
        cursor, dataset_id=state.dataset_id, current=rolling, previous=rolling.previous(),
        strands=headline_strands(context), gss_codes=context.chosen_codes), months=rolling.months)
    where = context.area_label
    headlines = area_headlines(cursor, context)
    cards = [
        dbc.Row([dbc.Col(headline_figure_card(headline, emphasis=True), md=6) for headline in headlines],
                className="g-2 mb-2"),
        comparison_caveat_note((period, period.previous()), (rolling, rolling.previous())),
        html.Div(f"By strand, {where}, rolling 12 months to {rolling.end:%b %Y}",
                 className="small fw-semibold text-muted mb-1"),
        dbc.Row(strand_cards(by_strand, rolling_label=rolling.label), className="g-2 mb-2"),
        change_test_note(),
    ]
    return (overview_heading(where, len(context.chosen)), cards,
            *drawn_chart(cursor, context, ids.OVERVIEW_STRANDS),
            *drawn_chart(cursor, context, ids.OVERVIEW_TREND))


def overview_heading(where: str, chosen: int) -> str:
    """The page's heading names the area its figures are for: chosen boroughs are counted
    together (each offence is in one borough), never shown under "London overview"."""
    if chosen == 0:
        return "London overview"
    return f"Overview: {where}" + (" together" if chosen > 1 else "")


@callback(
    Output(ids.OVERVIEW_STANDS_OUT, "children"),
    Input(ids.FILTER_STATE, "data"),
)
def update_stands_out_link(filter_state):
    """"3 boroughs above their expected range in June 2017", linking to What stands out
    for the same filters. Counts every strand in the last month of the period, as that
    page does when it opens; with boroughs chosen, only those."""
    cursor = store_cursor()
    context = page_context(cursor, filter_state)
    state = context.state
    href = "/stands-out" + state.to_query()
    if not has_expected_counts(cursor, dataset_id=state.dataset_id):
        return None  # a store from before expected ranges were kept: What stands out says so
    if months_judged(cursor, dataset_id=state.dataset_id, period=Period(state.end, state.end)) == 0:
        sentence = f"{state.end:%B %Y} cannot be judged against an expected range yet"
    else:
        count = boroughs_above_range(cursor, dataset_id=state.dataset_id, month=state.end,
                                     areas=context.chosen_codes)
        sentence = boroughs_above_sentence(count, state.end)
    return html.P([f"{sentence}. ", dcc.Link("See what stands out", href=href)],
                  className="fw-semibold mb-2 stands-out-link")


@callback(
    *chart_outputs(ids.OVERVIEW_MAP),
    Input(ids.FILTER_STATE, "data"),
    Input(ids.OVERVIEW_MAP_METRIC, "value"),
)
def update_overview_map(filter_state, metric):
    cursor = store_cursor()
    context = page_context(cursor, filter_state)
    return drawn_chart(cursor, context, ids.OVERVIEW_MAP, {"metric": metric})


@callback(
    Output(ids.NAVIGATE, "href"),
    Input(ids.OVERVIEW_MAP, "clickData"),
    State(ids.FILTER_STATE, "data"),
    prevent_initial_call=True,
)
def open_clicked_borough(click, filter_state):
    code = clicked_location(click)
    if code is None:
        raise PreventUpdate
    cursor = store_cursor()
    context = page_context(cursor, filter_state)
    match = context.met_boroughs[context.met_boroughs.gss_code == code]
    if match.empty:
        raise PreventUpdate  # the City of London: no Met data, no profile
    return profile_href(context.state, match.slug.iloc[0])


def clicked_location(click) -> str | None:
    """The GSS code a map click names, or None for anything a map click never sends."""
    try:
        code = click["points"][0]["location"]
    except (TypeError, KeyError, IndexError):
        return None
    return code if isinstance(code, str) and len(code) == 9 else None
