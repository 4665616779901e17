"""The filter bar and the URL kept in step, both ways.

A change in the address (a pasted link, the back button, a page link) sets the
controls; a change of control writes the address. Both go through the same
validation, and the validated state is what every page reads.
"""

import hashlib
import json

import dash_bootstrap_components as dbc
import pandas as pd
from dash import ALL, ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx, html, no_update

from charts.context import store_cursor, viewer_facts
from security.bad_request import BadRequest
from components import ids
from components.notices import dataset_line, hidden_datasets_note, published_counts_note, synthetic_banner
from components.stands_out_address import kept_options
from components.trends_address import kept_measure
from meetings.address import kept_since
from components.url_state import months_covered, parse_query_string, validate_filters
from queries.datasets import dataset_label
from queries.series_sources import strands_in_part_of_series
from queries.strands import STRANDS
from signin.session import app_settings

CONTROLS = [ids.DATASET, ids.PERIOD_START, ids.PERIOD_END, ids.STRAND, ids.BOROUGHS, ids.COMPARISON_GROUP]
# The group control's value for "no group chosen": a borough's own inner or outer London.
OWN_GROUP = "own"


@callback(
    Output(ids.URL, "search"),
    Output(ids.DATASET, "value"), Output(ids.PERIOD_START, "value"), Output(ids.PERIOD_END, "value"),
    Output(ids.STRAND, "value"), Output(ids.BOROUGHS, "value"), Output(ids.COMPARISON_GROUP, "value"),
    Output(ids.DATASET, "options"), Output(ids.PERIOD_START, "options"), Output(ids.PERIOD_END, "options"),
    Output(ids.STRAND, "options"), Output(ids.BOROUGHS, "options"), Output(ids.COMPARISON_GROUP, "options"),
    Output(ids.FILTER_STATE, "data"), Output(ids.FILTER_MESSAGE, "children"), Output(ids.DATA_NOTICE, "children"),
    Output(ids.FILTER_OPTIONS_SENT, "data"),
    Input(ids.URL, "search"),
    *[Input(control, "value") for control in CONTROLS],
    State(ids.FILTER_OPTIONS_SENT, "data"),
)
def sync_filters_and_url(search, dataset, start, end, strand, boroughs, group, options_sent=None):
    cursor = store_cursor()
    facts = viewer_facts(cursor)
    choices = facts.choices
    if choices.default_dataset_id is None:
        if len(facts.all_datasets):
            message = dbc.Alert(hidden_datasets_note(len(facts.all_datasets), app_settings().sign_in), color="info")
        else:
            message = dbc.Alert("The store holds no data yet: an administrator needs to load a dataset "
                                "(the README says how).", color="danger")
        return (no_update, None, None, None, None, None, None, [], [], [], [], [], [], None, message, None, None)
    _check_control_types(dataset, start, end, strand, boroughs, search, group)

    from_address = ctx.triggered_id in (None, ids.URL)
    if from_address:
        raw = parse_query_string(search)
    else:
        chosen_group = "" if group in (None, OWN_GROUP) else group
        raw = {"dataset": dataset, "from": start, "to": end, "strand": strand, "borough": boroughs or [],
               "group": chosen_group}
        if ctx.triggered_id == ids.DATASET:
            # A new dataset has its own months and strands: start from its defaults.
            raw = {"dataset": dataset, "borough": boroughs or [], "group": chosen_group}
        # The view (?view=present) is not a control: it stays as the address has it.
        raw["view"] = parse_query_string(search).get("view")
    parsed = validate_filters(raw, choices)
    state = parsed.state
    coverage = choices.coverage[state.dataset_id]

    datasets = facts.datasets.set_index("dataset_id", drop=False)
    dataset = datasets.loc[state.dataset_id]
    months = months_covered(coverage)
    month_options = [{"label": f"{m:%b %Y}", "value": f"{m:%Y-%m}"} for m in reversed(months)]
    boroughs_table = facts.boroughs
    borough_options = [{"label": row.name, "value": row.slug}
                       for row in boroughs_table[boroughs_table.policed_by_met].itertuples()]
    strand_options = [{"label": STRANDS[key].label, "value": key} for key in coverage.strands]
    group_options = [{"label": "The borough's inner or outer London", "value": OWN_GROUP}] + [
        {"label": row.name, "value": row.slug} for row in facts.groups.itertuples()]
    dataset_options = [{"label": dataset_label(row.name, row.first_month, row.last_month)
                        + (" (synthetic)" if row.is_synthetic and "synthetic" not in row.name.lower() else ""),
                        "value": int(row.dataset_id)}
                       for row in datasets.itertuples() if int(row.dataset_id) in choices.coverage]

    message = (dbc.Alert([html.Div(problem) for problem in parsed.problems], color="info",
                         className="py-1 my-2 small", dismissable=True)
               if parsed.problems else None)
    notice = [synthetic_banner(dataset["name"])] if dataset.is_synthetic else []
    if dataset.kind == "published":
        partial = strands_in_part_of_series(cursor, dataset_id=state.dataset_id)
        notice.append(published_counts_note(coverage.strands, {
            row.strand: (pd.Timestamp(row.first_month), pd.Timestamp(row.last_month)) for row in partial.itertuples()}))
    left_out = ("London figures are the 32 boroughs; rows that are not a borough (such as Aviation "
                "Security at the airports) were left out, see About the data."
                if dataset.kind == "published" and dataset.rows_left_out else None)
    notice.append(dataset_line(dataset_label(dataset["name"], dataset.first_month, dataset.last_month),
                               dataset.source, coverage.last_month, left_out))
    hidden = len(facts.all_datasets) - len(facts.datasets)
    if hidden:
        notice.append(hidden_datasets_note(hidden, app_settings().sign_in))

    # Only a user's change writes the address: rewriting it when it was just read would
    # push a second history entry and trap the back button.
    # A page's own options (What stands out's) stay as the address has them.
    new_search = no_update if from_address else (state.to_query() + kept_options(search) + kept_measure(search)
                                                  + kept_since(search))
    options = [dataset_options, month_options, month_options, strand_options, borough_options, group_options]
    fingerprint = options_fingerprint(options)
    if fingerprint == options_sent:
        # The dropdowns already hold these choices: a filter change would otherwise resend
        # every month twice and every borough (about 10 KB) to say nothing new.
        options, fingerprint = [no_update] * len(options), no_update
    return (new_search, state.dataset_id, f"{state.start:%Y-%m}", f"{state.end:%Y-%m}", state.strand,
            list(state.boroughs), state.group or OWN_GROUP, *options, state.to_store(), message, notice, fingerprint)


def options_fingerprint(options: list) -> str:
    """A short digest of every dropdown's choices, kept by the browser beside them: a new
    store (more months) or another viewer's datasets changes it, and the choices are sent."""
    return hashlib.sha256(json.dumps(options, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _check_control_types(dataset, start, end, strand, boroughs, search, group):
    """The controls send text, a number or a list of text; anything else was not sent by
    the page."""
    if dataset is not None and (isinstance(dataset, bool) or not isinstance(dataset, (int, str))):
        raise BadRequest("The dataset chosen is not a dataset number.")
    for value in (start, end, strand, search, group):
        if value is not None and not isinstance(value, str):
            raise BadRequest("A filter value in this request is not text.")
    if boroughs is not None and (not isinstance(boroughs, list) or not all(isinstance(b, str) for b in boroughs)):
        raise BadRequest("The boroughs chosen are not a list of borough names.")


# Moving between pages keeps the filters: every nav link carries them
# (assets/filter_links.js, in the browser: writing a link needs no round trip).
clientside_callback(
    ClientsideFunction(namespace="filterLinks", function_name="navLinks"),
    Output({"type": ids.NAV_LINKS, "page": ALL}, "href"),
    Input(ids.FILTER_STATE, "data"),
    State({"type": ids.NAV_LINKS, "page": ALL}, "id"),
)
