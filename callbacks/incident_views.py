"""What the incident data shows (issue 14), on the borough profile and on Trends: filters
in, the charts' definitions (charts/incident_views.py), figures and tables out.

A callback of its own beside the profile's (callbacks/borough_profile.py), so the
profile's headline cards do not wait for six more charts. A published dataset gets one
sentence saying why these views need incident data, and the charts are hidden (their
definitions still draw that sentence, for exports and the pack).
"""

import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html

from callbacks.drawn_charts import chart_outputs, drawn_chart, not_drawn
from charts.context import PageContext, check_profile_slug, page_context, store_cursor
from components import ids
from components.tables import Column, data_table
from exports.filenames import export_filename
from figures.answer import message_answer
from queries.disclosure import disclosure_threshold, fewer_than
from queries.incident_detail import INCIDENT_VIEWS, needs_incident_data_sentence, views_need_incident_data_sentence
from queries.offence_locations import has_ward_codes, offences_by_ward
from queries.strand_combinations import multi_strand_summary

SHOWN, HIDDEN = {}, {"display": "none"}
PROFILE_CHARTS = [ids.PROFILE_COMBINATIONS, ids.PROFILE_OVERLAP, ids.PROFILE_MULTI_TREND,
                  ids.PROFILE_OFFENCE_TYPES, ids.PROFILE_OUTCOMES, ids.PROFILE_HEX_MAP]
TRENDS_CHARTS = [ids.TRENDS_MULTI_TREND, ids.TRENDS_COMBINATIONS]
WHAT_INCIDENT_DATA_SHOWS = (
    "An incident extract has one row per offence, so it shows what published counts cannot: which strands "
    "one offence carries together (compound discrimination), which offences each strand's are, how they "
    "ended and where they happened. In the combinations chart each offence is counted once, in the bar of "
    "its exact combination; the strand bars overlap and are never added up.")
WHAT_COMBINATIONS_SHOW = (
    "An incident extract has one row per offence, so it shows what published counts cannot: which strands one "
    "offence carries together (compound discrimination). Each offence is counted once, in the bar of its exact "
    "combination; antisemitic and islamophobic count as faith.")
PUBLISHED_SENTENCE = views_need_incident_data_sentence(list(INCIDENT_VIEWS))


def _outputs(chart_ids: list[str]) -> list[Output]:
    return [output for chart_id in chart_ids for output in chart_outputs(chart_id)]


def _drawn(cursor, context: PageContext, chart_ids: list[str], options=None) -> list:
    return [part for chart_id in chart_ids for part in drawn_chart(cursor, context, chart_id, options)]


def multi_strand_sentence(summary: dict, area: str, period_label: str) -> str:
    """'In Camden, Jan 2025 to Dec 2025, 1 of 4 offences (25.0%) carried two or more strands.'"""
    if not summary["offences"]:
        return f"No offences recorded in {area} in {period_label}."
    return (f"In {area}, {period_label}, {summary['multi_strand_offences']:,} of {summary['offences']:,} "
            f"offences ({summary['multi_strand_pct']:.1f}%) carried two or more strands.")


def _incident_note(cursor, context: PageContext, area: str, gss_codes, explanation: str) -> html.Div:
    period = context.state.period
    summary = multi_strand_summary(cursor, dataset_id=context.state.dataset_id, period=period, gss_codes=gss_codes)
    return html.Div([html.P(multi_strand_sentence(summary, area, period.label), className="fw-semibold mb-1"),
                     html.P(explanation, className="small text-muted")])


def _published_note(sentence: str) -> dbc.Alert:
    return dbc.Alert(sentence, color="info", className="small py-2")


def disclosure_sentence(threshold: int) -> str:
    return (f"Disclosure control: a hexagon cell or ward with fewer than {threshold} offences is shown as "
            f"'{fewer_than(threshold)}', never as its number, here and in every download (threshold "
            f"{threshold}, set by the partnership; the README says how).")


def _ward_table(cursor, context: PageContext, borough, threshold: int):
    state, period = context.state, context.state.period
    if not has_ward_codes(cursor, dataset_id=state.dataset_id):
        return html.P("This extract records no ward codes, so there is no ward table.", className="small text-muted")
    wards = offences_by_ward(cursor, dataset_id=state.dataset_id, period=period, gss_code=borough.gss_code,
                             strand=state.strand, threshold=threshold)
    if wards.empty:
        return html.P(f"No offences recorded for {borough.name} in {period.label}.", className="small text-muted")
    # Only the shown text reaches the table and its CSV: a suppressed ward's number is not
    # in the frame (offences_by_ward removed it), and the sort key is missing for it too.
    columns = [Column("ward_code", "Ward (GSS code)"),
               Column("offences_shown", f"Offences (count, or '{fewer_than(threshold)}')", sort_key="offences")]
    return html.Div([
        html.H3(f"Offences by ward, {context.strand_label}", className="h6 mt-2"),
        data_table(ids.PROFILE_WARDS_TABLE, wards, columns,
                   caption=f"Offences by ward, {borough.name}, {context.strand_label}, {period.label}",
                   csv_filename=export_filename(area=borough.slug, strand=state.strand, period=period,
                                                name="offences-by-ward", extension="csv")),
    ])


@callback(
    Output(ids.PROFILE_INCIDENT_NOTE, "children"),
    Output(ids.PROFILE_INCIDENT_CHARTS, "style"),
    *_outputs(PROFILE_CHARTS),
    Output(ids.PROFILE_DISCLOSURE_NOTE, "children"),
    Output(ids.PROFILE_WARDS, "children"),
    Input(ids.FILTER_STATE, "data"),
    Input(ids.PROFILE_SLUG, "data"),
)
def update_profile_incident_views(filter_state, slug):
    cursor = store_cursor()
    context = page_context(cursor, filter_state)
    slug = check_profile_slug(slug)
    return profile_incident_views(cursor, context, slug)


def profile_incident_views(cursor, context: PageContext, slug: str | None) -> tuple:
    """The profile section's outputs, in the callback's order, for a validated context."""
    borough = context.borough(slug)
    if borough is None:  # the profile's own callback offers the list of boroughs
        waiting = not_drawn(message_answer("Choose a borough to see its profile."))
        return (None, HIDDEN, *[part for _ in PROFILE_CHARTS for part in waiting], None, None)
    charts = _drawn(cursor, context, PROFILE_CHARTS, {"borough": borough.slug})
    if not context.is_incident_level:
        return (_published_note(PUBLISHED_SENTENCE), HIDDEN, *charts, None, None)
    threshold = disclosure_threshold()
    return (_incident_note(cursor, context, borough.name, [borough.gss_code], WHAT_INCIDENT_DATA_SHOWS),
            SHOWN, *charts,
            disclosure_sentence(threshold), _ward_table(cursor, context, borough, threshold))


@callback(
    Output(ids.TRENDS_INCIDENT_NOTE, "children"),
    Output(ids.TRENDS_INCIDENT_CHARTS, "style"),
    *_outputs(TRENDS_CHARTS),
    Input(ids.FILTER_STATE, "data"),
)
def update_trends_incident_views(filter_state):
    cursor = store_cursor()
    return trends_incident_views(cursor, page_context(cursor, filter_state))


def trends_incident_views(cursor, context: PageContext) -> tuple:
    """Trends' compound-discrimination outputs, in the callback's order: London or the chosen boroughs."""
    charts = _drawn(cursor, context, TRENDS_CHARTS)
    if not context.is_incident_level:
        return (_published_note(needs_incident_data_sentence("combinations")), HIDDEN, *charts)
    return (_incident_note(cursor, context, context.area_label, context.chosen_codes, WHAT_COMBINATIONS_SHOW),
            SHOWN, *charts)
