"""What stands out: filters in, the stored expected ranges and the rolling changes, then
sentences, small trends with their band, and a table of changes beyond chance."""

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, callback, dash_table, dcc, html

from charts.context import page_context, store_cursor
from components import ids
from components.charts import GRAPH_CONFIG
from components.url_state import profile_href
from exports.controls import table_csv_link
from exports.filenames import area_slug, export_filename
from figures.expected_band import expected_band_figure
from queries.aggregates import LONDON_AREA
from queries.expected_counts import (exceptional_months, expected_bands, has_expected_counts,
                                     months_judged, rolling_changes)
from queries.periods import Period, add_months, rolling_12_months
from queries.strands import STRANDS
from stands_out.change_test import SIGNIFICANT_FALL, SIGNIFICANT_RISE, VERDICTS, add_change_verdicts
from stands_out.expected_range import MIN_YEARS_OF_HISTORY
from stands_out.months_looked_at import months_looked_at
from stands_out.sentences import exceptional_month_sentence, nothing_above_sentence, offence_noun

# Small trends drawn per click; further months are listed as sentences, so a period with
# many months above range still answers quickly and sends little to the browser.
MAX_ITEMS_DRAWN = 5
# Sentences listed in all: a long period can hold over a hundred; past this many the page
# says how many more there are and how to narrow the view (and stays well under 100 KB).
MAX_ITEMS_LISTED = 25
TREND_MONTHS = 25  # two years and the month: the same month a year and two years earlier

CHANGE_COLUMNS = [
    {"name": "Area", "id": "area_link", "presentation": "markdown"},
    {"name": "Strand", "id": "strand_label"},
    {"name": "Rolling 12 months", "id": "offences", "type": "numeric", "format": {"specifier": ","}},
    {"name": "Previous 12 months", "id": "previous_offences", "type": "numeric", "format": {"specifier": ","}},
    {"name": "Change (%)", "id": "change_pct", "type": "numeric", "format": {"specifier": "+.1f"}},
    {"name": "Verdict", "id": "verdict_text"},
    {"name": "p-value", "id": "p_value", "type": "numeric", "format": {"specifier": ".2g"}},
]


@callback(
    Output(ids.STANDS_OUT_SUMMARY, "children"),
    Output(ids.STANDS_OUT_LIST, "children"),
    Output(ids.STANDS_OUT_CHANGES, "children"),
    Input(ids.FILTER_STATE, "data"),
    Input(ids.STANDS_OUT_WHEN, "value"),
    Input(ids.STANDS_OUT_STRANDS, "value"),
)
def update_stands_out(filter_state, when, every_strand):
    cursor = store_cursor()
    context = page_context(cursor, filter_state)
    state = context.state
    if not has_expected_counts(cursor, dataset_id=state.dataset_id):
        return dbc.Alert(
            "Expected ranges have not been worked out for this dataset: it was loaded before the "
            "dashboard kept them. Load it again with `python -m loaders` to see what stands out.",
            color="info", className="py-2 small"), None, None
    period = months_looked_at(when, state.period)
    strands = None if every_strand is not False else [state.strand]
    areas = context.chosen_codes  # None: London and all 32 boroughs
    where = context.area_label if areas else "London or any of its 32 boroughs"
    what = None if strands is None else state.strand

    flagged = exceptional_months(cursor, dataset_id=state.dataset_id, period=period, strands=strands, areas=areas)
    if flagged.empty:
        summary = html.P(_nothing_sentence(cursor, context, period, where, what), className="fw-semibold")
        items = None
    else:
        summary = html.P(_summary_sentence(flagged, period), className="fw-semibold")
        items = _items(cursor, context, flagged, period)
    return summary, items, _changes(cursor, context, strands, areas)


def _nothing_sentence(cursor, context, period, where, what) -> str:
    if months_judged(cursor, dataset_id=context.state.dataset_id, period=period) == 0:
        first = pd.Timestamp(context.dataset.first_month)
        return (f"No month in {period.label} can be judged yet: each needs {MIN_YEARS_OF_HISTORY} earlier "
                f"years of data, and this dataset starts in {first:%B %Y}.")
    return nothing_above_sentence(period_label=period.label, area_label=where, strand=what)


def _summary_sentence(flagged: pd.DataFrame, period: Period) -> str:
    boroughs = flagged[flagged.area != LONDON_AREA].area.nunique()
    places = [f"{boroughs} borough{'s' if boroughs != 1 else ''}"] if boroughs else []
    if (flagged.area == LONDON_AREA).any():
        places.append("London as a whole")
    count = len(flagged)
    return (f"{count} {'combination' if count == 1 else 'combinations'} of place, strand and month above the "
            f"expected range in {period.label} ({' and '.join(places)}), most exceptional first.")


def _items(cursor, context, flagged: pd.DataFrame, period: Period) -> list:
    state = context.state
    drawn = flagged.head(MAX_ITEMS_DRAWN)
    first_month = pd.Timestamp(context.dataset.first_month).date()
    trend_period = Period(max(first_month, add_months(period.end, -(TREND_MONTHS - 1))), period.end)
    bands = expected_bands(cursor, dataset_id=state.dataset_id, period=trend_period,
                           series=list(dict.fromkeys(zip(drawn.area, drawn.strand))))
    drawn_items, listed_items = [], []
    for index, row in enumerate(flagged.head(MAX_ITEMS_LISTED).itertuples()):
        if row.area == LONDON_AREA:
            link = dcc.Link("Open the London overview", href="/" + state.to_query())
        else:
            link = dcc.Link(f"Open the {row.area_name} profile", href=profile_href(state, row.slug))
        line = html.P([exceptional_month_sentence(row), " ", link], className="mb-1")
        if index >= MAX_ITEMS_DRAWN:
            listed_items.append(html.Li(line, className="small"))
            continue
        band = bands[(bands.area == row.area) & (bands.strand == row.strand)]
        figure = expected_band_figure(
            band, title=f"{offence_noun(row.strand)}, {row.area_name}, {trend_period.label}",
            subtitle="Shaded: the expected range. Triangles: months above it.", source=context.source, height=340)
        drawn_items.append(html.Li([
            line, dcc.Graph(id={"type": ids.STANDS_OUT_ITEM_CHART, "index": index}, figure=figure, config=GRAPH_CONFIG),
        ], className="mb-3"))
    parts = [html.Ol(drawn_items, className="stands-out-list ps-3")]
    if listed_items:
        parts += [html.P(f"{len(listed_items)} more, less far above their range:", className="fw-semibold mt-2 mb-1"),
                  html.Ol(listed_items, start=MAX_ITEMS_DRAWN + 1, className="stands-out-list ps-3")]
    if len(flagged) > MAX_ITEMS_LISTED:
        parts.append(html.P(f"And {len(flagged) - MAX_ITEMS_LISTED} more. Choose a shorter period, a strand or "
                            "boroughs in the filter bar to see them.", className="small"))
    return html.Div(parts)


def _changes(cursor, context, strands, areas):
    state = context.state
    rolling = rolling_12_months(state.end)
    first_month = pd.Timestamp(context.dataset.first_month).date()
    if rolling.previous().start < first_month:
        return html.P(f"The rolling 12 months to {state.end:%B %Y} cannot be set against the 12 before: "
                      f"the dataset starts in {first_month:%B %Y}.")
    frame = add_change_verdicts(rolling_changes(cursor, dataset_id=state.dataset_id, end=state.end,
                                                strands=strands, areas=areas))
    counts = frame.verdict.value_counts()
    tally = "; ".join(f"{counts.get(verdict, 0)} {verdict}" for verdict in VERDICTS)
    heading = (f"{rolling.label} against {rolling.previous().label}, for every area and strand in view: {tally}.")
    significant = frame[frame.verdict.isin([SIGNIFICANT_RISE, SIGNIFICANT_FALL])].sort_values(["p_value", "area_name"])
    if significant.empty:
        return [html.P(heading), html.P("No change over the rolling 12 months is beyond chance.", className="fw-semibold")]
    significant = significant.assign(
        strand_label=significant.strand.map(lambda key: STRANDS[key].short_label),
        change_pct=(100 * (significant.offences - significant.previous_offences)
                    / significant.previous_offences.where(significant.previous_offences > 0)).round(1),
        verdict_text=significant.marker + " " + significant.verdict,
        area_link=[f"[{row.area_name}]({profile_href(state, row.slug)})" if row.area != LONDON_AREA else "London"
                   for row in significant.itertuples()])
    table = dash_table.DataTable(
        id=ids.STANDS_OUT_CHANGES_TABLE, data=significant[[c["id"] for c in CHANGE_COLUMNS]].to_dict("records"),
        columns=CHANGE_COLUMNS, sort_action="native", filter_action="native", page_size=15,
        markdown_options={"link_target": "_self"},
        style_cell={"fontFamily": "Arial, sans-serif", "fontSize": 15, "padding": "4px 8px"},
        style_cell_conditional=[{"if": {"column_id": c}, "textAlign": "left"}
                                for c in ("area_link", "strand_label", "verdict_text")],
        style_header={"fontWeight": "bold", "whiteSpace": "normal"})
    plain = significant.assign(area_link=significant.area_name)[[c["id"] for c in CHANGE_COLUMNS]]
    csv_link = table_csv_link(plain.rename(columns={c["id"]: c["name"] for c in CHANGE_COLUMNS}), filename=export_filename(
        area=area_slug(state.boroughs), strand="all" if strands is None else state.strand, period=rolling,
        name="changes-beyond-chance", extension="csv"))
    return [html.P([heading, csv_link]), table]
