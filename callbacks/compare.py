"""Compare boroughs: the period summary of all 32 boroughs as a sortable table, each
change with its verdict, optionally only the significant rises or falls."""

from dash import Input, Output, callback

from charts.borough_comparison import RANK, strand_has_outcomes
from charts.context import page_context, store_cursor
from charts.table_registry import table_answer
from components import ids
from components.tables import answer_table
from components.verdicts import ALL_VERDICTS
from queries.positive_outcomes import NO_OUTCOMES_SENTENCE, POSITIVE_OUTCOME_CAVEAT, has_positive_outcomes


@callback(
    Output(ids.COMPARE_TABLE, "children"),
    Output(ids.COMPARE_HEADING, "children"),
    Input(ids.FILTER_STATE, "data"),
    Input(ids.COMPARE_VERDICT_FILTER, "value"),
)
def update_compare_table(filter_state, verdict_filter=ALL_VERDICTS):
    cursor = store_cursor()
    context = page_context(cursor, filter_state)
    options = {"verdict": verdict_filter}
    table = table_answer(cursor, context, ids.COMPARE_DATATABLE, options)
    return answer_table(ids.COMPARE_DATATABLE, table, options=options, sort_by=RANK, row_key="slug",
                        highlighted=context.state.boroughs,
                        show_note=False), table.summary  # the summary above says the caveat


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
    if not strand_has_outcomes(cursor, context):
        return f"No outcome figures are published for {context.strand_label} in {context.state.period.label}."
    return POSITIVE_OUTCOME_CAVEAT
