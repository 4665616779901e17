"""Compare boroughs: the period summary of all 32 boroughs as a sortable table, each
change with its verdict, optionally only the significant rises or falls."""

from dash import Input, Output, callback, html

from charts.context import BadChartRequest, page_context, store_cursor
from components import ids
from components.tables import Column, data_table
from components.url_state import profile_href
from components.verdicts import ALL_VERDICTS, VERDICT_FILTERS, VERDICT_ORDER, verdict_words
from exports.filenames import export_filename
from queries.borough_summary import borough_period_summary
from stands_out.change_test import SIGNIFICANT_FALL, SIGNIFICANT_RISE, add_change_verdicts

COLUMNS = [
    Column("borough", "Borough", link_key="href"),
    Column("london_group", "Inner/outer London"),
    Column("offences", "Offences in period", ","),
    Column("previous_offences", "Previous period", ","),
    Column("change_pct", "Change (%)", "+.1f"),
    Column("verdict_text", "Verdict", sort_key="verdict_order"),
    Column("rate_per_1000", "Rate per 1,000 residents", ".2f"),
    Column("rank_by_rate", "Rank by rate (1 = highest)", ","),
    Column("population_mid2021", "Population (mid-2021)", ","),
]


@callback(
    Output(ids.COMPARE_TABLE, "children"),
    Output(ids.COMPARE_HEADING, "children"),
    Input(ids.FILTER_STATE, "data"),
    Input(ids.COMPARE_VERDICT_FILTER, "value"),
)
def update_compare_table(filter_state, verdict_filter=ALL_VERDICTS):
    if verdict_filter is None:
        verdict_filter = ALL_VERDICTS
    if not isinstance(verdict_filter, str) or verdict_filter not in VERDICT_FILTERS:
        raise BadChartRequest(f"The verdict filter must be one of {', '.join(VERDICT_FILTERS)}.")
    cursor = store_cursor()
    context = page_context(cursor, filter_state)
    state, period = context.state, context.state.period
    summary = add_change_verdicts(
        borough_period_summary(cursor, dataset_id=state.dataset_id, period=period, strand=state.strand),
        months=period.months)
    summary["borough"] = summary.name
    summary["href"] = [profile_href(state, slug) for slug in summary.slug]
    summary["verdict_text"] = summary.verdict.map(verdict_words)
    summary["verdict_order"] = summary.verdict.map(VERDICT_ORDER)
    rises, falls = (int((summary.verdict == verdict).sum()) for verdict in (SIGNIFICANT_RISE, SIGNIFICANT_FALL))
    heading = (f"{context.strand_label}, {period.label}, against the previous {period.months} months "
               f"({period.previous().label}). London (32 boroughs): {int(summary.offences.sum()):,} offences. "
               f"{_boroughs(rises)} with a significant rise, {_boroughs(falls)} with a significant fall.")
    if int(summary.offences.sum()) == 0:
        heading = f"No offences recorded for {context.strand_label} in {period.label}. " + heading
    label, kept = VERDICT_FILTERS[verdict_filter]
    if kept is not None:
        summary = summary[summary.verdict == kept]
        if summary.empty:
            return html.P(f"No borough had a {kept} in {period.label} against the previous {period.months} months.",
                          className="fw-semibold"), heading
    name = "compare-boroughs" if kept is None else f"compare-boroughs-{verdict_filter}"
    table = data_table(
        ids.COMPARE_DATATABLE, summary, COLUMNS, caption=f"The 32 boroughs compared: {context.strand_label}, "
        f"{period.label}" + ("" if kept is None else f" ({label.lower()} only)"),
        csv_filename=export_filename(area="london", strand=state.strand, period=period, name=name, extension="csv"),
        sort_by="rank_by_rate", row_key="slug", highlighted=state.boroughs)
    return table, heading


def _boroughs(count: int) -> str:
    return f"{count} borough{'' if count == 1 else 's'}"
