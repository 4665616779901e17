"""Compare boroughs: the period summary of all 32 boroughs as a sortable table, each
change with its verdict, optionally only the significant rises or falls."""

from dash import Input, Output, callback, html

from charts.context import BadChartRequest, page_context, store_cursor
from components import ids
from components.tables import Column, data_table
from components.url_state import profile_href
from components.verdicts import ALL_VERDICTS, VERDICT_FILTERS, VERDICT_ORDER, verdict_words
from exports.filenames import export_filename
from queries.connect_break import comparison_caveat
from queries.positive_outcomes import (NO_OUTCOMES_SENTENCE, POSITIVE_OUTCOME_CAVEAT, borough_positive_outcomes,
                                       has_positive_outcomes, positive_outcomes_by_strand)
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
OUTCOME_RATE_COLUMN = Column("positive_outcome_rate_pct", "Positive outcome rate (%)", ".1f")


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
    columns = COLUMNS
    if _strand_has_outcomes(cursor, context):
        outcomes = borough_positive_outcomes(cursor, dataset_id=state.dataset_id, period=period, strand=state.strand)
        summary = summary.merge(outcomes[["gss_code", "positive_outcome_rate_pct"]], on="gss_code", how="left")
        columns = COLUMNS + [OUTCOME_RATE_COLUMN]
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
    caveat = comparison_caveat(period, period.previous())
    if caveat:
        heading += f" {caveat}"
    label, kept = VERDICT_FILTERS[verdict_filter]
    if kept is not None:
        summary = summary[summary.verdict == kept]
        if summary.empty:
            return html.P(f"No borough had a {kept} in {period.label} against the previous {period.months} months.",
                          className="fw-semibold"), heading
    name = "compare-boroughs" if kept is None else f"compare-boroughs-{verdict_filter}"
    table = data_table(
        ids.COMPARE_DATATABLE, summary, columns, caption=f"The 32 boroughs compared: {context.strand_label}, "
        f"{period.label}" + ("" if kept is None else f" ({label.lower()} only)"),
        csv_filename=export_filename(area="london", strand=state.strand, period=period, name=name, extension="csv"),
        sort_by="rank_by_rate", row_key="slug", highlighted=state.boroughs, csv_note=caveat)
    return table, heading


def _boroughs(count: int) -> str:
    return f"{count} borough{'' if count == 1 else 's'}"


def _strand_has_outcomes(cursor, context) -> bool:
    """Whether the chosen strand has outcome figures in the period (the Met publishes them
    for some categories only; incident extracts may have no outcome column)."""
    if not has_positive_outcomes(cursor, dataset_id=context.state.dataset_id):
        return False
    london = positive_outcomes_by_strand(cursor, dataset_id=context.state.dataset_id, period=context.state.period,
                                         strands=[context.state.strand])
    return bool(london.months_with_outcomes.iloc[0] > 0)


@callback(
    Output(ids.COMPARE_OUTCOMES_NOTE, "children"),
    Input(ids.FILTER_STATE, "data"),
)
def explain_compare_outcomes(filter_state):
    """What the positive outcome rate column means, or why there is none."""
    cursor = store_cursor()
    context = page_context(cursor, filter_state)
    if not has_positive_outcomes(cursor, dataset_id=context.state.dataset_id):
        return NO_OUTCOMES_SENTENCE
    if not _strand_has_outcomes(cursor, context):
        return f"No outcome figures are published for {context.strand_label} in {context.state.period.label}."
    return POSITIVE_OUTCOME_CAVEAT
