"""Every table the dashboard shows from the filters, by id: what the page callbacks, the
tables' CSV downloads and the briefing pack look up, as charts/registry.py does for
charts. A table's id is its <table> id on the page.

    table = table_answer(cursor, context, ids.PROFILE_RANKS_TABLE, {"borough": "camden"})

A definition answers with data (figures/answer.TableAnswer: heading, the frame with units
in its column names, the note); the page's table (components/tables.answer_table), its
CSV and the pack render from it. The CSV is made when its button is pressed, from the
same definition (callbacks/exports.py), never carried in the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from charts import borough_comparison, borough_tables, change_tables, partners
from charts.context import PageContext, shared_answer
from security.bad_request import BadRequest
from charts.options import borough_option, optional_borough_option
from components import ids
from figures.answer import TableAnswer
from reviews.on_charts import with_review_status


@dataclass(frozen=True)
class TableDefinition:
    table_id: str
    build: Callable[[object, PageContext, dict], TableAnswer]  # (cursor, context, checked options)
    check_options: Callable[[object, PageContext], dict]       # (options a client sent, context)
    # What this request's viewer adds to the shared answer (a signed-in viewer's review
    # status), for the page's table and its CSV alike; never part of the shared answer.
    for_viewer: Callable[[TableAnswer, PageContext], TableAnswer] | None = None


TABLES: dict[str, TableDefinition] = {table.table_id: table for table in [
    TableDefinition(ids.PROFILE_RANKS_TABLE, borough_tables.rank_table, borough_option),
    TableDefinition(ids.PROFILE_MONTHS_TABLE, borough_tables.last_12_months_table, borough_option),
    TableDefinition(ids.PROFILE_OUTCOMES_TABLE, borough_tables.positive_outcomes_table, optional_borough_option),
    TableDefinition(ids.STANDS_OUT_CHANGES_TABLE, change_tables.changes_beyond_chance, change_tables.changes_options,
                    for_viewer=with_review_status),
    TableDefinition(ids.COMPARE_DATATABLE, borough_comparison.boroughs_table, borough_comparison.comparison_options),
    TableDefinition(ids.PARTNERS_TABLE, partners.same_period_table, partners.area_options),
]}


def table_definition(table_id) -> TableDefinition:
    if not isinstance(table_id, str) or table_id not in TABLES:
        raise BadRequest("There is no such table in the dashboard.")
    return TABLES[table_id]


def table_answer(cursor, context: PageContext, table_id: str, raw_options=None) -> TableAnswer:
    """The table for these filters and options (checked here, whoever sent them), shared
    between everyone asking the same of the same store."""
    definition = table_definition(table_id)
    options = definition.check_options(raw_options, context)
    key = {"state": context.state.to_store(), "options": options}
    return shared_answer(cursor, f"table {table_id}", key, lambda: definition.build(cursor, context, options))


def viewer_table_answer(cursor, context: PageContext, table_id: str, raw_options=None) -> TableAnswer:
    """The table as this request's viewer sees it on the page and downloads it: the shared
    answer, then what the definition adds for the viewer (nothing signed out)."""
    answer = table_answer(cursor, context, table_id, raw_options)
    add = table_definition(table_id).for_viewer
    return answer if add is None or answer.message is not None else add(answer, context)
