"""Borough profile: the borough from the address, the filters, then queries and figures."""

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html
from dash.exceptions import PreventUpdate

from callbacks.drawn_charts import chart_outputs, drawn_chart, not_drawn
from charts.borough_profile import headline_strand, mix_strands, profile_rates
from charts.context import check_profile_slug, page_context, store_cursor
from components import ids
from components.headline_cards import headline_card
from components.notices import comparison_caveat_note
from components.positive_outcomes import missing_strands_sentence, outcomes_table, with_outcome_figures
from components.tables import Column, data_table
from components.url_state import FilterState, profile_href
from components.verdicts import change_test_note
from exports.filenames import export_filename
from figures.answer import message_answer
from queries.borough_summary import borough_strand_rates
from queries.periods import rolling_12_months
from queries.positive_outcomes import (NO_OUTCOMES_SENTENCE, POSITIVE_OUTCOME_CAVEAT, has_positive_outcomes,
                                       positive_outcomes_by_strand)
from queries.strand_summary import strand_period_comparison
from queries.strands import STRANDS
from queries.time_series import monthly_offences
from stands_out.change_test import add_change_verdicts

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
    *chart_outputs(ids.PROFILE_TREND),
    *chart_outputs(ids.PROFILE_AGAINST_LONDON),
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
    state, period = context.state, context.state.period
    code, name = borough.gss_code, borough["name"]
    group_name = f"{borough.london_group} London"
    headline = headline_strand(context)
    strands = mix_strands(context)

    rolling = rolling_12_months(state.end)
    rolling_figures = add_change_verdicts(strand_period_comparison(
        cursor, dataset_id=state.dataset_id, current=rolling, previous=rolling.previous(),
        strands=[headline] + strands, gss_codes=[code]), months=rolling.months)
    ranks = borough_strand_rates(cursor, dataset_id=state.dataset_id, period=period, strands=[headline] + strands)
    rates = profile_rates(cursor, context, borough)
    cards = [*_cards(name, group_name, headline, rolling, rolling_figures, ranks[ranks.gss_code == code], rates,
                     period),
             comparison_caveat_note((rolling, rolling.previous()))]
    heading = f"{name}: borough profile"
    options = {"borough": borough.slug}
    charts = [*drawn_chart(cursor, context, ids.PROFILE_TREND, options),
              *drawn_chart(cursor, context, ids.PROFILE_AGAINST_LONDON, options),
              *drawn_chart(cursor, context, ids.PROFILE_STRANDS, options)]
    if int(rolling_figures.offences.sum() + ranks[ranks.gss_code == code].offences.sum()) == 0:
        return (heading, None, cards, *charts, None, None, SHOWN)
    return (heading, None, cards, *charts, _rank_table(ranks, rates, code, state, borough.slug),
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
             for row in context.met_boroughs.itertuples()]
    message = [
        dbc.Alert(f"There is no London borough with Met data called '{str(slug)[:40]}'. Choose one below."
                  if slug and slug != "choose" else "Choose a borough.", color="info"),
        dbc.Row(links, className="g-1"),
    ]
    empty = not_drawn(message_answer("Choose a borough to see its profile."))
    return ("Borough profile", message, None, *empty, *empty, *empty, None, None, HIDDEN)


def _cards(name, group_name, headline, rolling, rolling_figures, borough_ranks, rates, period):
    head = rolling_figures.set_index("strand").loc[headline]
    rank_row = borough_ranks.set_index("strand").loc[headline]
    by_area = rates[rates.strand == headline].set_index("area").rate_per_1000
    label = STRANDS[headline].label
    return [dbc.Row([
        dbc.Col(headline_card(f"{label}: rolling 12 months to {rolling.end:%b %Y}", int(head.offences),
                              f"vs {int(head.previous_offences):,} in the 12 months before",
                              head.change_pct, emphasis=True, verdict=head.verdict), md=4),
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
    ], className="g-2 mb-2"), change_test_note()]


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
    # A published series has empty months where no release covers a strand (Int64 keeps them
    # empty, shown "n/a"): never 0, never an error.
    wide = series.pivot(index="month", columns="strand", values="offences")[shown].astype("Int64")
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
    state, period = context.state, context.state.period
    if not has_positive_outcomes(cursor, dataset_id=state.dataset_id):
        return html.P(NO_OUTCOMES_SENTENCE, className="small text-muted")
    strands = [headline_strand(context)] + mix_strands(context)
    query = dict(dataset_id=state.dataset_id, period=period, strands=strands)
    area = positive_outcomes_by_strand(cursor, gss_codes=[borough.gss_code], **query)
    london = positive_outcomes_by_strand(cursor, **query)
    missing = missing_strands_sentence(area)
    if with_outcome_figures(area).empty:
        return html.P(f"{missing} {NO_OUTCOMES_SENTENCE}" if missing else NO_OUTCOMES_SENTENCE,
                      className="small text-muted")
    frame = outcomes_table(area, london)
    columns = [Column(name, name, "," if "(count)" in name else (".1f" if "(%)" in name else ""))
               for name in frame.columns]
    return [
        data_table(ids.PROFILE_OUTCOMES_TABLE, frame, columns,
                   caption=f"Positive outcomes by strand, {borough['name']}, {period.label}",
                   csv_filename=export_filename(area=borough.slug, strand=state.strand, period=period,
                                                name="positive-outcomes", extension="csv")),
        html.P(POSITIVE_OUTCOME_CAVEAT + (f" {missing}" if missing else ""), className="small text-muted mt-1"),
    ]
