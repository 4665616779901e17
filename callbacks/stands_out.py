"""What stands out: filters in, the stored expected ranges and the rolling changes, then
sentences, small trends with their band, and a table of changes beyond chance."""

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html, no_update

from callbacks.drawn_charts import drawn_chart
from charts.context import page_context, store_cursor
from security.bad_request import BadRequest
from charts.table_registry import viewer_table_answer
from charts.options import every_strand_switch
from charts.stands_out import month_option, trend_period
from components import ids
from components.charts import chart
from components.tables import answer_table
from components.stands_out_address import WHEN_VALUES, StandsOutOptions, with_options
from components.url_state import profile_href
from queries.aggregates import LONDON_AREA
from queries.expected_counts import has_expected_counts, months_judged
from queries.periods import Period
from stands_out.expected_range import MIN_YEARS_OF_HISTORY
from reviews.access import review_access
from reviews.on_charts import reviewed_months, review_sentence, reviews_by_signal, with_review_markers
from reviews.routes import review_href
from signals.found import flagged_signals
from stands_out.months_looked_at import LAST_MONTH, months_looked_at
from stands_out.sentences import above_by_chance_sentence, exceptional_month_sentence, nothing_above_sentence

# Small trends drawn per click, each a chart of the registry with its own exports
# (charts/stands_out.py); further months are listed as sentences, so a period with many
# months above range still answers quickly and sends little to the browser.
MAX_ITEMS_DRAWN = len(ids.STANDS_OUT_ITEM_CHARTS)
# Sentences listed in all: a long period can hold over a hundred; past this many the page
# says how many more there are and how to narrow the view (and stays well under 100 KB).
MAX_ITEMS_LISTED = 25

# Changes beyond chance listed on the page, smallest p-value first: every area and strand
# of a large store can give a hundred or more (about 300 KB of page); the CSV has them all.
MAX_CHANGES_LISTED = 25


@callback(
    Output(ids.STANDS_OUT_SUMMARY, "children"),
    Output(ids.STANDS_OUT_LIST, "children"),
    Output(ids.STANDS_OUT_CHANGES, "children"),
    Input(ids.FILTER_STATE, "data"),
    Input(ids.STANDS_OUT_WHEN, "value"),
    Input(ids.STANDS_OUT_STRANDS, "value"),
)
def update_stands_out(filter_state, when, every_strand):
    _check_when(when)
    every_strand = every_strand_switch(every_strand)
    cursor = store_cursor()
    context = page_context(cursor, filter_state)
    state = context.state
    if not has_expected_counts(cursor, dataset_id=state.dataset_id):
        return dbc.Alert(
            "Expected ranges have not been worked out for this dataset: it was loaded before the "
            "dashboard kept them. An administrator can load it again to see what stands out.",
            color="info", className="py-2 small"), None, None
    period = months_looked_at(when, state.period)
    strands = None if every_strand else [state.strand]
    areas = context.chosen_codes  # None: London and all 32 boroughs
    where = context.area_label if areas else "London or any of its 32 boroughs"
    what = None if strands is None else state.strand

    flagged = flagged_signals(cursor, context.dataset, period=period, strands=strands, areas=areas)
    access = review_access()
    if flagged.empty:
        summary = html.P(_nothing_sentence(cursor, context, period, where, what), className="fw-semibold")
        items = None
    else:
        judged = months_judged(cursor, dataset_id=state.dataset_id, period=period, strands=strands, areas=areas)
        summary = html.Div([html.P(_summary_sentence(flagged, period), className="fw-semibold mb-1"),
                            html.P(above_by_chance_sentence(judged=judged))])
        items = _items(cursor, context, flagged, access)
    return summary, items, _changes(cursor, context, every_strand)


@callback(
    Output(ids.URL, "search", allow_duplicate=True),
    Input(ids.STANDS_OUT_WHEN, "value"),
    Input(ids.STANDS_OUT_STRANDS, "value"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)
def write_options_to_address(when, every_strand, search):
    """A change of option becomes a step in the browser's history (the back button undoes
    it) and part of the address a user copies; pages/stands_out.layout reads it back."""
    _check_when(when)
    if search is not None and not isinstance(search, str):
        raise BadRequest("The address in this request is not text.")
    options = StandsOutOptions(when or LAST_MONTH, every_strand_switch(every_strand))
    written = with_options(search, options)
    # Unchanged (the page was just drawn from this address): no second history entry.
    return no_update if written == (search or "") else written


def _check_when(when) -> None:
    if when is not None and (not isinstance(when, str) or when not in WHEN_VALUES):
        raise BadRequest(f"Which months to look at must be one of {', '.join(WHEN_VALUES)}.")


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


def _items(cursor, context, flagged: pd.DataFrame, access) -> list:
    state = context.state
    drawn_items, listed_items = [], []
    reviews = reviews_by_signal(access, flagged.signal_id.head(MAX_ITEMS_LISTED))
    for index, row in enumerate(flagged.head(MAX_ITEMS_LISTED).itertuples()):
        if row.area == LONDON_AREA:
            link = dcc.Link("Open the London overview", href="/" + state.to_query())
        else:
            link = dcc.Link(f"Open the {row.area_name} profile", href=profile_href(state, row.slug))
        line = html.P([exceptional_month_sentence(row), " ", link], className="mb-1")
        review = _review_line(access, reviews.get(row.signal_id), row.signal_id)
        if index >= MAX_ITEMS_DRAWN:
            listed_items.append(html.Li([line, *review], className="small"))
            continue
        chart_id = ids.STANDS_OUT_ITEM_CHARTS[index]
        figure, options, heading = drawn_chart(cursor, context, chart_id, {
            "area": LONDON_AREA if row.area == LONDON_AREA else row.slug, "strand": row.strand,
            "month": month_option(row.month)})
        figure = with_review_markers(figure, reviewed_months(
            access, cursor, context.dataset, area=row.area, strand=row.strand,
            period=trend_period(context, options)))
        drawn_items.append(html.Li([line, *review, chart(chart_id, figure=figure, options=options, heading=heading)],
                                   className="mb-3"))
    parts = [html.Ol(drawn_items, className="stands-out-list ps-3")]
    if listed_items:
        parts += [html.P(f"{len(listed_items)} more, less far above their range:", className="fw-semibold mt-2 mb-1"),
                  html.Ol(listed_items, start=MAX_ITEMS_DRAWN + 1, className="stands-out-list ps-3")]
    if len(flagged) > MAX_ITEMS_LISTED:
        parts.append(html.P(f"And {len(flagged) - MAX_ITEMS_LISTED} more. Choose a shorter period, a strand or "
                            "boroughs in the filter bar to see them.", className="small"))
    return html.Div(parts)


def _review_line(access, review: dict | None, signal_id: str) -> list:
    """The meeting's last word on the signal, for a signed-in viewer; nothing signed out.
    An html.A, not a dcc.Link: the review page is the server's, not one of Dash's pages."""
    if not access.may_read:
        return []
    action = "Review this signal" if access.may_change else "See its review"
    words = review_sentence(review) if review else "Not reviewed yet."
    return [html.P([html.Strong("Review: "), words, " ", html.A(action, href=review_href(signal_id))],
                   className="small mb-1 signal-review")]


def _changes(cursor, context, every_strand: bool):
    options = {"every_strand": every_strand}
    # With each row's review status for a signed-in viewer, as its CSV has it.
    table = viewer_table_answer(cursor, context, ids.STANDS_OUT_CHANGES_TABLE, options)
    return [html.P(table.summary) if table.summary else None,
            answer_table(ids.STANDS_OUT_CHANGES_TABLE, table, options=options, max_rows=MAX_CHANGES_LISTED)]
