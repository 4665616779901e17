"""Compare boroughs: the period summary of all 32 boroughs as a sortable table."""

from dash import Input, Output, callback

from charts.context import page_context, store_cursor
from components import ids
from components.tables import Column, data_table
from components.url_state import profile_href
from exports.filenames import export_filename
from queries.connect_break import comparison_caveat
from queries.borough_summary import borough_period_summary

COLUMNS = [
    Column("borough", "Borough", link_key="href"),
    Column("london_group", "Inner/outer London"),
    Column("offences", "Offences in period", ","),
    Column("previous_offences", "Previous period", ","),
    Column("change_pct", "Change (%)", "+.1f"),
    Column("rate_per_1000", "Rate per 1,000 residents", ".2f"),
    Column("rank_by_rate", "Rank by rate (1 = highest)", ","),
    Column("population_mid2021", "Population (mid-2021)", ","),
]


@callback(
    Output(ids.COMPARE_TABLE, "children"),
    Output(ids.COMPARE_HEADING, "children"),
    Input(ids.FILTER_STATE, "data"),
)
def update_compare_table(filter_state):
    cursor = store_cursor()
    context = page_context(cursor, filter_state)
    state, period = context.state, context.state.period
    summary = borough_period_summary(cursor, dataset_id=state.dataset_id, period=period, strand=state.strand)
    summary["borough"] = summary.name
    summary["href"] = [profile_href(state, slug) for slug in summary.slug]
    heading = (f"{context.strand_label}, {period.label}, against the previous {period.months} months "
               f"({period.previous().label}). London (32 boroughs): {int(summary.offences.sum()):,} offences.")
    if int(summary.offences.sum()) == 0:
        heading = f"No offences recorded for {context.strand_label} in {period.label}. " + heading
    caveat = comparison_caveat(period, period.previous())
    if caveat:
        heading += f" {caveat}"
    table = data_table(
        ids.COMPARE_DATATABLE, summary, COLUMNS, caption=f"The 32 boroughs compared: {context.strand_label}, "
        f"{period.label}", csv_filename=export_filename(area="london", strand=state.strand, period=period,
                                                         name="compare-boroughs", extension="csv"),
        sort_by="rank_by_rate", row_key="slug", highlighted=state.boroughs, csv_note=caveat)
    return table, heading
