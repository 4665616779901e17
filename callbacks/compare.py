"""Compare boroughs: the period summary of all 32 boroughs as a sortable table."""

from dash import Input, Output, callback, dash_table

from charts.context import page_context, store_cursor
from components import ids
from components.url_state import profile_href
from exports.controls import table_csv_link
from exports.filenames import export_filename
from queries.borough_summary import borough_period_summary

COLUMNS = [
    {"name": "Borough", "id": "borough", "presentation": "markdown"},
    {"name": "Inner/outer London", "id": "london_group"},
    {"name": "Offences in period", "id": "offences", "type": "numeric", "format": {"specifier": ","}},
    {"name": "Previous period", "id": "previous_offences", "type": "numeric", "format": {"specifier": ","}},
    {"name": "Change (%)", "id": "change_pct", "type": "numeric", "format": {"specifier": "+.1f"}},
    {"name": "Rate per 1,000 residents", "id": "rate_per_1000", "type": "numeric", "format": {"specifier": ".2f"}},
    {"name": "Rank by rate (1 = highest)", "id": "rank_by_rate", "type": "numeric"},
    {"name": "Population (mid-2021)", "id": "population_mid2021", "type": "numeric", "format": {"specifier": ","}},
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
    summary["borough"] = [f"[{row.name}]({profile_href(state, row.slug)})" for row in summary.itertuples()]
    heading = (f"{context.strand_label}, {period.label}, against the previous {period.months} months "
               f"({period.previous().label}). London (32 boroughs): {int(summary.offences.sum()):,} offences.")
    if int(summary.offences.sum()) == 0:
        heading = f"No offences recorded for {context.strand_label} in {period.label}. " + heading
    chosen = list(state.boroughs)
    table = dash_table.DataTable(
        id=ids.COMPARE_DATATABLE,
        data=summary[[c["id"] for c in COLUMNS] + ["slug"]].sort_values("rank_by_rate").to_dict("records"),
        columns=COLUMNS, sort_action="native", sort_by=[{"column_id": "rank_by_rate", "direction": "asc"}],
        markdown_options={"link_target": "_self"},
        style_cell={"fontFamily": "Arial, sans-serif", "fontSize": 15, "padding": "4px 8px"},
        style_cell_conditional=[{"if": {"column_id": column}, "textAlign": "left"}
                                for column in ("borough", "london_group")],
        style_header_conditional=[{"if": {"column_id": column}, "textAlign": "left"}
                                  for column in ("borough", "london_group")],
        style_header={"fontWeight": "bold", "whiteSpace": "normal"},
        style_data_conditional=[
            {"if": {"filter_query": f'{{slug}} = "{slug}"'}, "backgroundColor": "#fff3cd", "fontWeight": "bold"}
            for slug in chosen
        ],
    )
    # The table's own export would give the borough column as markdown links: a plain CSV instead.
    plain = summary.assign(borough=summary.name)[[c["id"] for c in COLUMNS]].sort_values("rank_by_rate")
    csv_link = table_csv_link(plain.rename(columns={c["id"]: c["name"] for c in COLUMNS}), filename=export_filename(
        area="london", strand=state.strand, period=period, name="compare-boroughs", extension="csv"))
    return table, [heading, csv_link]
