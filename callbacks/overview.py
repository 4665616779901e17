"""London overview: filters in, queries, figure builders, components out."""

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, html
from dash.exceptions import PreventUpdate

from callbacks.shared import page_context, store_cursor
from components import ids
from components.headline_cards import headline_card, strand_cards
from components.url_state import profile_href
from figures.borough_map import MAP_METRICS, borough_choropleth
from figures.common import message_figure
from figures.strand_bars import strand_comparison_bars
from figures.trend import trend_figure
from geodata import BOUNDARIES_URL
from queries.borough_summary import borough_period_summary
from queries.boroughs import CITY_OF_LONDON
from queries.events import events_between
from queries.periods import rolling_12_months
from queries.strand_summary import strand_period_comparison
from queries.strands import CORE_STRANDS, STRANDS
from queries.time_series import monthly_offences


@callback(
    Output(ids.OVERVIEW_CARDS, "children"),
    Output(ids.OVERVIEW_STRANDS, "figure"),
    Output(ids.OVERVIEW_TREND, "figure"),
    Input(ids.FILTER_STATE, "data"),
)
def update_overview(filter_state):
    cursor = store_cursor()
    context = page_context(cursor, filter_state)
    state, period = context.state, context.state.period
    available = context.strands
    # Published data has no distinct total; its widest category leads the breakdown instead.
    umbrella = ["race_religion"] if "all" not in available and "race_religion" in available else []
    breakdown_strands = umbrella + [key for key in CORE_STRANDS if key in available] or available
    headline_strands = (["all"] if "all" in available else []) + breakdown_strands

    in_period = strand_period_comparison(
        cursor, dataset_id=state.dataset_id, current=period, previous=period.previous(),
        strands=headline_strands, gss_codes=context.chosen_codes)
    rolling = rolling_12_months(state.end)
    rolling_figures = strand_period_comparison(
        cursor, dataset_id=state.dataset_id, current=rolling, previous=rolling.previous(),
        strands=headline_strands, gss_codes=context.chosen_codes)
    cards = _cards(context, in_period, rolling_figures, rolling)

    where_when = f"{context.area_label}, {period.label}"
    if int(in_period.offences.sum()) == 0:
        empty = f"No offences recorded for {context.area_label} in {period.label}."
        return cards, message_figure(empty, title="Offences by strand"), message_figure(empty, title="Monthly trend")

    strands_figure = strand_comparison_bars(
        in_period[in_period.strand.isin(breakdown_strands)],
        title=f"Hate crime offences by strand, {where_when}",
        subtitle=f"Compared with the previous {period.months} months ({period.previous().label})",
        source=context.source, current_label=period.label, previous_label=period.previous().label)

    trend_strands = [state.strand] if state.strand != "all" else headline_strands
    series = monthly_offences(cursor, dataset_id=state.dataset_id, period=period,
                              strands=trend_strands, gss_codes=context.chosen_codes)
    events = events_between(cursor, start=period.start, end=period.end_exclusive)
    trend_what = "hate crime offences by strand" if len(trend_strands) > 1 else \
        f"offences, {STRANDS[trend_strands[0]].label}"
    trend = trend_figure(
        series, time_column="month", full_width=True,
        title=f"Monthly {trend_what}, {where_when}",
        subtitle="Each line counts offences with that flag; lines overlap and are not stacked. "
                 "Dotted red lines mark events.",
        source=context.source, events=events)
    return cards, strands_figure, trend


@callback(
    Output(ids.OVERVIEW_MAP, "figure"),
    Input(ids.FILTER_STATE, "data"),
    Input(ids.OVERVIEW_MAP_METRIC, "value"),
)
def update_overview_map(filter_state, metric):
    if metric not in MAP_METRICS:
        metric = "rate"
    cursor = store_cursor()
    context = page_context(cursor, filter_state)
    state, period = context.state, context.state.period
    summary = borough_period_summary(cursor, dataset_id=state.dataset_id, period=period, strand=state.strand)
    short_strand = STRANDS[state.strand].short_label
    title = f"{short_strand}: {MAP_METRICS[metric]['label'].lower()}, by borough"
    if int(summary.offences.sum()) == 0 and int(summary.previous_offences.sum()) == 0:
        return message_figure(f"No offences recorded for {context.strand_label} in {period.label}.", title=title)
    no_data = context.boroughs[context.boroughs.gss_code == CITY_OF_LONDON][["gss_code", "name"]]
    subtitle = f"London, {period.label}" + (
        f", against the previous {period.months} months" if metric == "change" else "") + \
        ". Click a borough to open its profile."
    return borough_choropleth(summary, BOUNDARIES_URL, metric=metric, title=title,
                              subtitle=subtitle, source=context.source, no_data=no_data,
                              highlighted_codes=context.chosen_codes)


@callback(
    Output(ids.NAVIGATE, "href"),
    Input(ids.OVERVIEW_MAP, "clickData"),
    State(ids.FILTER_STATE, "data"),
    prevent_initial_call=True,
)
def open_clicked_borough(click, filter_state):
    try:
        code = click["points"][0]["location"]
    except (TypeError, KeyError, IndexError):
        raise PreventUpdate
    cursor = store_cursor()
    context = page_context(cursor, filter_state)
    match = context.boroughs[(context.boroughs.gss_code == code) & context.boroughs.policed_by_met]
    if match.empty:
        raise PreventUpdate  # the City of London: no Met data, no profile
    return profile_href(context.state, match.slug.iloc[0])


def _cards(context, in_period, rolling_figures, rolling):
    state, period = context.state, context.state.period
    selected = in_period.set_index("strand").loc[state.strand] if state.strand in set(in_period.strand) else None
    rolling_selected = rolling_figures.set_index("strand").loc[state.strand] if state.strand in set(rolling_figures.strand) else None
    first_row = []
    if selected is not None:
        first_row.append(dbc.Col(headline_card(
            f"{context.strand_label}: {context.area_label}, {period.label}", int(selected.offences),
            f"vs {int(selected.previous_offences):,} in the previous {period.months} months",
            selected.change_pct, emphasis=True), md=6))
    if rolling_selected is not None:
        first_row.append(dbc.Col(headline_card(
            f"{context.strand_label}: {context.area_label}, rolling 12 months to {rolling.end:%b %Y}",
            int(rolling_selected.offences),
            f"vs {int(rolling_selected.previous_offences):,} in the 12 months before",
            rolling_selected.change_pct, emphasis=True), md=6))
    return [
        dbc.Row(first_row, className="g-2 mb-2"),
        html.Div(f"By strand, {context.area_label}, rolling 12 months to {rolling.end:%b %Y}",
                 className="small fw-semibold text-muted mb-1"),
        dbc.Row(strand_cards(rolling_figures, rolling_label=rolling.label), className="g-2 mb-2"),
    ]
