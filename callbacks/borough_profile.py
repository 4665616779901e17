"""Borough profile: the borough from the address, the filters, then the headline, chart
and table definitions (charts/) rendered."""

import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, dcc

from callbacks.drawn_charts import chart_outputs, drawn_chart, not_drawn
from charts.context import check_profile_slug, page_context, store_cursor
from charts.headlines import borough_headlines
from charts.table_registry import table_answer
from components import ids
from components.headline_cards import headline_figure_card
from components.notices import comparison_caveat_note
from components.tables import answer_table
from components.url_state import profile_href
from components.verdicts import change_test_note
from figures.answer import message_answer
from queries.periods import rolling_12_months
from reviews.access import review_access
from reviews.on_charts import reviewed_months, with_review_markers

PROFILE_CARDS = ("rolling", "rate", "rank")  # the pack's headline page has all five
SHOWN, HIDDEN = {}, {"display": "none"}


@callback(
    Output(ids.PROFILE_HEADING, "children"),
    Output(ids.PROFILE_MESSAGE, "children"),
    Output(ids.PROFILE_CARDS, "children"),
    *chart_outputs(ids.PROFILE_TREND),
    *chart_outputs(ids.PROFILE_AGAINST_LONDON),
    *chart_outputs(ids.PROFILE_RATE_TREND),
    *chart_outputs(ids.PROFILE_STRANDS),
    Output(ids.PROFILE_RANKS, "children"),
    Output(ids.PROFILE_TABLE, "children"),
    Output(ids.PROFILE_CONTENT, "style"),
    Input(ids.FILTER_STATE, "data"),
    Input(ids.PROFILE_SLUG, "data"),
)
def update_borough_profile(filter_state, slug):
    cursor = store_cursor()
    context = page_context(cursor, filter_state)
    slug = check_profile_slug(slug)
    borough = context.borough(slug)
    if borough is None:
        return _unknown_borough(slug, context)
    heading = f"{borough.name}: borough profile"
    options = {"borough": borough.slug}
    # The period's count is not a card, but says whether there is anything to tabulate.
    headlines = {headline.key: headline for headline in borough_headlines(cursor, context, borough.slug,
                                                                          keys=(*PROFILE_CARDS, "period"))}
    rolling = headlines["rolling"]
    cards = [dbc.Row([dbc.Col(headline_figure_card(headlines[key], emphasis=True), md=4)
                      for key in PROFILE_CARDS], className="g-2 mb-2"),
             change_test_note(), comparison_caveat_note(_rolling_periods(context))]
    trend = list(drawn_chart(cursor, context, ids.PROFILE_TREND, options))
    # The months a meeting reviewed, starred for a signed-in viewer after the shared answer is drawn.
    trend[0] = with_review_markers(trend[0], reviewed_months(
        review_access(), cursor, context.dataset, area=borough.gss_code, strand=context.state.strand,
        period=context.state.period))
    charts = [*trend,
              *drawn_chart(cursor, context, ids.PROFILE_AGAINST_LONDON, options),
              *drawn_chart(cursor, context, ids.PROFILE_RATE_TREND, options),
              *drawn_chart(cursor, context, ids.PROFILE_STRANDS, options)]
    if rolling.figure == "0" and headlines["period"].figure == "0":
        return (heading, None, cards, *charts, None, None, SHOWN)
    return (heading, None, cards, *charts,
            answer_table(ids.PROFILE_RANKS_TABLE, table_answer(cursor, context, ids.PROFILE_RANKS_TABLE, options),
                         options=options),
            answer_table(ids.PROFILE_MONTHS_TABLE, table_answer(cursor, context, ids.PROFILE_MONTHS_TABLE, options),
                         options=options), SHOWN)


def _rolling_periods(context):
    rolling = rolling_12_months(context.state.end)
    return rolling, rolling.previous()


# On a profile, choosing one other borough in the filter bar opens that borough's
# (assets/filter_links.js navigates as a dcc.Link does and keeps the address it opened).
clientside_callback(
    ClientsideFunction(namespace="filterLinks", function_name="followBorough"),
    Output(ids.PROFILE_NAVIGATE, "data"),
    Input(ids.FILTER_STATE, "data"),
    State(ids.PROFILE_SLUG, "data"),
    prevent_initial_call=True,
)


def _unknown_borough(slug, context):
    links = [dbc.Col(dcc.Link(row.name, href=profile_href(context.state, row.slug)), xs=6, md=3)
             for row in context.met_boroughs.itertuples()]
    message = [
        dbc.Alert(f"There is no London borough with Met data called '{str(slug)[:40]}'. Choose one below."
                  if slug and slug != "choose" else "Choose a borough.", color="info"),
        dbc.Row(links, className="g-1"),
    ]
    empty = not_drawn(message_answer("Choose a borough to see its profile."))
    return ("Borough profile", message, None, *empty, *empty, *empty, *empty, None, None, HIDDEN)


@callback(
    Output(ids.PROFILE_POSITIVE_OUTCOMES, "children"),
    Input(ids.FILTER_STATE, "data"),
    Input(ids.PROFILE_SLUG, "data"),
)
def update_profile_outcomes(filter_state, slug):
    """Positive outcomes per strand for the borough, London's rate beside each, and the
    caveat; or why there are none."""
    cursor = store_cursor()
    context = page_context(cursor, filter_state)
    slug = check_profile_slug(slug)
    borough = context.borough(slug)
    if borough is None:
        return None
    options = {"borough": borough.slug}
    return answer_table(ids.PROFILE_OUTCOMES_TABLE, table_answer(cursor, context, ids.PROFILE_OUTCOMES_TABLE, options),
                        options=options)
