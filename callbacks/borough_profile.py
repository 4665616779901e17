"""Borough profile: the borough from the address, the filters, then queries and figures."""

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html
from dash.exceptions import PreventUpdate

from callbacks.shared import page_context, store_cursor
from components import ids
from components.headline_cards import headline_card
from components.tables import Column, data_table
from components.url_state import FilterState, profile_href
from exports.filenames import export_filename
from figures.common import message_figure
from figures.borough_profile import borough_against_london, borough_monthly_trend
from figures.strand_bars import strand_comparison_bars
from queries.borough_summary import borough_strand_rates
from queries.events import events_between
from queries.periods import ROLLING_MONTHS, Period, add_months, rolling_12_months
from queries.strand_summary import area_strand_rates, strand_period_comparison
from queries.strands import CORE_STRANDS, STRANDS
from queries.time_series import monthly_offences

SHOWN, HIDDEN = {}, {"display": "none"}
RANK_COLUMNS = [
    Column("strand", "Strand"),
    Column("offences", "Offences (count)", ","),
    Column("rate_per_1000", "Rate per 1,000 residents", ".2f"),
    Column("london_rate_per_1000", "London rate per 1,000", ".2f"),
    Column("rank_by_rate", "Rank of 32 (1 = highest)", ","),
]


@callback(
    Output(ids.PROFILE_HEADING, "children"),
    Output(ids.PROFILE_MESSAGE, "children"),
    Output(ids.PROFILE_CARDS, "children"),
    Output(ids.PROFILE_TREND, "figure"),
    Output(ids.PROFILE_AGAINST_LONDON, "figure"),
    Output(ids.PROFILE_STRANDS, "figure"),
    Output(ids.PROFILE_RANKS, "children"),
    Output(ids.PROFILE_TABLE, "children"),
    Output(ids.PROFILE_CONTENT, "style"),
    Input(ids.FILTER_STATE, "data"),
    Input(ids.PROFILE_SLUG, "data"),
)
def update_borough_profile(filter_state, slug):
    cursor = store_cursor()
    context = page_context(cursor, filter_state)
    borough = context.boroughs[(context.boroughs.slug == str(slug or "").lower()) & context.boroughs.policed_by_met]
    if borough.empty:
        return _unknown_borough(slug, context)
    borough = borough.iloc[0]
    state, period = context.state, context.state.period
    code, name = borough.gss_code, borough["name"]
    group_name = f"{borough.london_group} London"
    headline = "all" if "all" in context.strands else state.strand
    strands = [key for key in CORE_STRANDS if key in context.strands and key != headline] or \
        [key for key in context.strands if key != headline]

    rolling = rolling_12_months(state.end)
    rolling_figures = strand_period_comparison(
        cursor, dataset_id=state.dataset_id, current=rolling, previous=rolling.previous(),
        strands=[headline] + strands, gss_codes=[code])
    ranks = borough_strand_rates(cursor, dataset_id=state.dataset_id, period=period, strands=[headline] + strands)
    rates = area_strand_rates(cursor, dataset_id=state.dataset_id, period=period,
                              strands=[headline] + strands, gss_code=code)
    cards = _cards(name, group_name, headline, rolling, rolling_figures, ranks[ranks.gss_code == code], rates, period)

    where_when = f"{name}, {period.label}"
    if int(rolling_figures.offences.sum() + ranks[ranks.gss_code == code].offences.sum()) == 0:
        empty = message_figure(f"No offences recorded for {name} in {period.label}.")
        return (f"{name}: borough profile", None, cards, empty, empty, empty, None, None, SHOWN)

    # The rolling line needs the 11 months before the period starts.
    history = Period(add_months(period.start, -(ROLLING_MONTHS - 1)), period.end)
    series = monthly_offences(cursor, dataset_id=state.dataset_id, period=history,
                              strands=[state.strand], gss_codes=[code])
    trend = borough_monthly_trend(
        series, strand_label=context.strand_label, borough_name=name, period=period, source=context.source,
        events=events_between(cursor, start=period.start, end=period.end_exclusive))
    against = borough_against_london(rates, borough_name=name, london_group=borough.london_group, period=period,
                                     source=context.source)

    mix = strand_period_comparison(cursor, dataset_id=state.dataset_id, current=period, previous=period.previous(),
                                   strands=strands, gss_codes=[code])
    mix_figure = strand_comparison_bars(
        mix, title=f"Offences by strand, {where_when}",
        subtitle=f"Compared with the previous {period.months} months ({period.previous().label})",
        source=context.source, current_label=period.label, previous_label=period.previous().label)

    return (f"{name}: borough profile", None, cards, trend, against, mix_figure,
            _rank_table(ranks, rates, code, state, borough.slug),
            _last_12_months_table(cursor, context, code, strands, headline, borough.slug), SHOWN)


@callback(
    # The profile's own Location: a callback whose output is on every page would fire on
    # pages without the profile's slug and fail there.
    Output(ids.PROFILE_NAVIGATE, "href"),
    Input(ids.FILTER_STATE, "data"),
    State(ids.PROFILE_SLUG, "data"),
    prevent_initial_call=True,
)
def follow_the_borough_filter(filter_state, slug):
    """On a profile, choosing one other borough in the filter bar opens that borough's."""
    try:
        state = FilterState.from_store(filter_state)
    except (TypeError, KeyError, ValueError):
        raise PreventUpdate
    if len(state.boroughs) != 1 or state.boroughs[0] == str(slug or "").lower():
        raise PreventUpdate
    return f"/borough/{state.boroughs[0]}{state.to_query()}"


def _unknown_borough(slug, context):
    links = [dbc.Col(dcc.Link(row.name, href=profile_href(context.state, row.slug)), xs=6, md=3)
             for row in context.boroughs[context.boroughs.policed_by_met].itertuples()]
    message = [
        dbc.Alert(f"There is no London borough with Met data called '{slug}'. Choose one below."
                  if slug and slug != "choose" else "Choose a borough.", color="info"),
        dbc.Row(links, className="g-1"),
    ]
    empty = message_figure("Choose a borough to see its profile.")
    return ("Borough profile", message, None, empty, empty, empty, None, None, HIDDEN)


def _cards(name, group_name, headline, rolling, rolling_figures, borough_ranks, rates, period):
    head = rolling_figures.set_index("strand").loc[headline]
    rank_row = borough_ranks.set_index("strand").loc[headline]
    by_area = rates[rates.strand == headline].set_index("area").rate_per_1000
    label = STRANDS[headline].label
    return dbc.Row([
        dbc.Col(headline_card(f"{label}: rolling 12 months to {rolling.end:%b %Y}", int(head.offences),
                              f"vs {int(head.previous_offences):,} in the 12 months before",
                              head.change_pct, emphasis=True), md=4),
        dbc.Col(dbc.Card(dbc.CardBody([
            html.Div(f"Rate per 1,000 residents, {period.label}", className="small text-muted"),
            html.Div(f"{by_area['borough']:.2f}", className="display-6 fw-bold"),
            html.Div(f"London {by_area['london']:.2f}; {group_name} {by_area['group']:.2f}", className="small"),
        ]), className="h-100 headline-card"), md=4),
        dbc.Col(dbc.Card(dbc.CardBody([
            html.Div(f"Rank by rate among the 32 boroughs, {period.label}", className="small text-muted"),
            html.Div(f"{int(rank_row.rank_by_rate)} of 32", className="display-6 fw-bold"),
            html.Div("1 is the highest rate", className="small"),
        ]), className="h-100 headline-card"), md=4),
    ], className="g-2 mb-2")


def _rank_table(ranks, rates, code, state, slug):
    borough_rows = ranks[ranks.gss_code == code].set_index("strand").loc[
        [key for key in STRANDS if key in set(ranks.strand)]].reset_index()
    london = rates[rates.area == "london"].set_index("strand").rate_per_1000
    frame = pd.DataFrame({
        "strand": [STRANDS[key].label for key in borough_rows.strand],
        "offences": borough_rows.offences.astype(int).tolist(),
        "rate_per_1000": borough_rows.rate_per_1000.astype(float).round(2).tolist(),
        "london_rate_per_1000": [round(float(london[key]), 2) for key in borough_rows.strand],
        "rank_by_rate": borough_rows.rank_by_rate.astype(int).tolist(),
    })
    return data_table(ids.PROFILE_RANKS_TABLE, frame, RANK_COLUMNS,
                      caption=f"Rank among the 32 boroughs by rate, {state.period.label}",
                      csv_filename=export_filename(area=slug, strand=state.strand, period=state.period,
                                                   name="ranks-by-rate", extension="csv"))


def _last_12_months_table(cursor, context, code, strands, headline, slug):
    last_12 = rolling_12_months(context.state.end)
    shown = [headline] + [s for s in strands if s != headline]
    series = monthly_offences(cursor, dataset_id=context.state.dataset_id, period=last_12,
                              strands=shown, gss_codes=[code])
    wide = series.pivot(index="month", columns="strand", values="offences")[shown].astype(int)
    frame = wide.rename(columns={s: STRANDS[s].short_label for s in shown}).reset_index()
    frame["month"] = [f"{pd.Timestamp(month):%b %Y}" for month in frame.month]
    # Sorting by month sorts its label ("Apr" before "Jan"), so the month column sorts by date instead.
    frame["month_order"] = range(len(frame))
    columns = [Column("Month", "Month", sort_key="month_order")] + [
        Column(STRANDS[s].short_label, f"{STRANDS[s].short_label} (offences)", ",") for s in shown]
    frame = frame.rename(columns={"month": "Month"})
    return data_table(ids.PROFILE_MONTHS_TABLE, frame, columns,
                      caption=f"The last 12 months, offences by strand, {last_12.label}",
                      csv_filename=export_filename(area=slug, strand=context.state.strand, period=last_12,
                                                   name="last-12-months", extension="csv"))
