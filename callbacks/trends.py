"""Trends: filters and chart options in, a series query, the trend figure out."""

import datetime as dt

import dash_bootstrap_components as dbc
from dash import Input, Output, callback

from callbacks.shared import page_context, store_cursor
from components import ids
from figures.common import message_figure
from figures.trend import trend_figure
from queries.events import events_between
from queries.strands import CORE_STRANDS, STRANDS
from queries.time_series import daily_offences, monthly_offences, weekly_offences

# Points per line are bounded so a click never sends megabytes to the browser.
MAX_DAILY_DAYS = 731
ROLLING_WINDOWS = {  # granularity -> {choice: (points, label)}
    "month": {"short": (3, "3-month average"), "long": (12, "12-month average")},
    "week": {"short": (4, "4-week average"), "long": (13, "13-week average")},
    "day": {"short": (7, "7-day average"), "long": (28, "28-day average")},
}


@callback(
    Output(ids.TRENDS_STRANDS, "options"),
    Output(ids.TRENDS_STRANDS, "value"),
    Input(ids.FILTER_STATE, "data"),
)
def offer_trend_strands(filter_state):
    context = page_context(store_cursor(), filter_state)
    # With boroughs chosen the chart draws the filter bar's strand per borough: the ticks
    # would do nothing, so they are shown disabled rather than ignored.
    by_borough = bool(context.chosen_codes)
    options = [{"label": STRANDS[key].short_label, "value": key, "disabled": by_borough} for key in context.strands]
    chosen = [context.state.strand] if context.state.strand != "all" else \
        (["all"] if "all" in context.strands else []) + [k for k in CORE_STRANDS[:3] if k in context.strands]
    return options, chosen


@callback(
    Output(ids.TRENDS_CHART, "figure"),
    Output(ids.TRENDS_MESSAGE, "children"),
    Input(ids.FILTER_STATE, "data"),
    Input(ids.TRENDS_GRANULARITY, "value"),
    Input(ids.TRENDS_ROLLING, "value"),
    Input(ids.TRENDS_SCALE, "value"),
    Input(ids.TRENDS_EVENTS, "value"),
    Input(ids.TRENDS_STRANDS, "value"),
)
def update_trend(filter_state, granularity, rolling, scale, show_events, chosen_strands):
    cursor = store_cursor()
    context = page_context(cursor, filter_state)
    state, period = context.state, context.state.period
    notes = []
    granularity = granularity if granularity in ROLLING_WINDOWS else "month"
    if granularity != "month" and not context.is_incident_level:
        notes.append("This dataset holds published monthly counts, so weekly and daily series cannot be "
                     "shown; showing monthly.")
        granularity = "month"

    by_borough = bool(context.chosen_codes)
    if by_borough:
        strands = [state.strand]
    else:
        strands = [key for key in (chosen_strands or []) if key in context.strands] or [state.strand]
    query = dict(dataset_id=state.dataset_id, strands=strands, gss_codes=context.chosen_codes,
                 split_boroughs=by_borough)
    start, end = period.start, period.end_exclusive - dt.timedelta(days=1)
    if granularity == "day" and (end - start).days + 1 > MAX_DAILY_DAYS:
        start = end - dt.timedelta(days=MAX_DAILY_DAYS - 1)
        notes.append(f"Daily series show at most two years: showing {start:%d %b %Y} to {end:%d %b %Y}. "
                     "Narrow the period or choose weekly to see more.")
    if granularity == "month":
        series = monthly_offences(cursor, period=period, **query)
    elif granularity == "week":
        series = weekly_offences(cursor, start=start, end=end, **query)
    else:
        series = daily_offences(cursor, start=start, end=end, **query)

    message = dbc.Alert([html_line for html_line in notes], color="info", className="py-1 small") if notes else None
    area = context.area_label
    what = STRANDS[state.strand].label if by_borough else "Hate crime by strand"
    title = f"{what}, {granularity}ly offences, {area}, {period.label}".replace("dayly", "daily")
    if series.empty or int(series.offences.sum()) == 0:
        return message_figure(f"No offences recorded for {area} in {period.label}.", title=title), message

    window, label = ROLLING_WINDOWS[granularity].get(rolling, (None, ""))
    events = events_between(cursor, start=start, end=period.end_exclusive) if show_events else None
    figure = trend_figure(
        series, time_column=granularity, title=title, full_width=True,
        subtitle="Lines overlap and are never stacked." + (" Dotted red lines mark events." if show_events else ""),
        source=context.source, events=events, rolling_window=window, rolling_label=label,
        log_scale=scale == "log", area_names=dict(zip(context.boroughs.gss_code, context.boroughs.name)))
    return figure, message
