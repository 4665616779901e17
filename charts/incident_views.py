"""What incident data can show that published counts cannot (issue 14): how strands
combine in one offence (compound discrimination), which offences each strand's are, how
they ended, and where in a borough they happened.

Each chart is drawn for one borough (options {"borough": slug}: the profile and a
borough's briefing pack) or, without options, for the boroughs chosen in the filter bar
or all of London (Trends and the London pack). A published dataset cannot support any of
them: each then draws the plain sentence saying why (queries/incident_detail.py).
"""

from __future__ import annotations

from charts.context import PageContext
from figures.answer import ChartAnswer, message_answer
from figures.hex_map import borough_hex_map
from figures.strand_breakdowns import offence_types_figure, outcomes_figure
from figures.strand_combinations import combination_upset, multi_strand_trend_figure, strand_overlap_bars
from geodata.hex_grid import borough_hex_cells, borough_outline, hex_cells_url
from queries.disclosure import disclosure_threshold
from queries.incident_detail import needs_incident_data_sentence
from queries.offence_locations import hex_cell_counts, located_offence_totals
from queries.offence_types import offence_types_by_strand
from queries.outcome_breakdown import outcomes_by_strand
from queries.strand_combinations import multi_strand_trend, strand_combinations, strand_overlap_shares
from queries.strands import ALL, CORE_STRANDS, STRANDS

MESSAGE_HEIGHT = 340  # the sentence is long: it takes several lines


def incident_area(context: PageContext, options: dict) -> tuple[str, list[str] | None]:
    """(name, GSS codes) of the area a chart shows: the borough its options name, else the
    boroughs chosen in the filter bar, else London (codes None)."""
    borough = context.borough(options.get("borough")) if options.get("borough") else None
    if borough is not None:
        return borough.name, [borough.gss_code]
    return context.area_label, context.chosen_codes


def breakdown_strands(context: PageContext) -> list[str]:
    """Distinct offences, then each monitored strand the dataset has: side by side, never summed."""
    return ([ALL] if ALL in context.strands else []) + [key for key in CORE_STRANDS if key in context.strands]


def cannot_show(view: str, title: str, source: str) -> ChartAnswer:
    """The published-dataset sentence, in place of the chart (pages, exports and pack)."""
    return message_answer(needs_incident_data_sentence(view), title=title, height=MESSAGE_HEIGHT, source=source)


def _incident_view(context: PageContext, options: dict) -> tuple[dict, dict]:
    """(query arguments, figure arguments) of a chart of the area its options or the
    filters name, over the filters' period."""
    area, codes = incident_area(context, options)
    period = context.state.period
    return ({"dataset_id": context.state.dataset_id, "period": period, "gss_codes": codes},
            {"area_name": area, "period_label": period.label, "source": context.source})


def combinations_chart(cursor, context: PageContext, options: dict) -> ChartAnswer:
    if not context.is_incident_level:
        return cannot_show("combinations", "Offences aimed at more than one identity", context.source)
    where, labels = _incident_view(context, options)
    return combination_upset(strand_combinations(cursor, **where), **labels)


def overlap_chart(cursor, context: PageContext, options: dict) -> ChartAnswer:
    if not context.is_incident_level:
        return cannot_show("combinations", "Share of each strand's offences that also carried another strand",
                           context.source)
    where, labels = _incident_view(context, options)
    strands = [key for key in CORE_STRANDS if key in context.strands]
    return strand_overlap_bars(strand_overlap_shares(cursor, **where, strands=strands), **labels)


def multi_strand_trend_chart(cursor, context: PageContext, options: dict) -> ChartAnswer:
    if not context.is_incident_level:
        return cannot_show("combinations", "Offences with two or more strands, monthly", context.source)
    where, labels = _incident_view(context, options)
    return multi_strand_trend_figure(multi_strand_trend(cursor, **where), **labels)


def offence_types_chart(cursor, context: PageContext, options: dict) -> ChartAnswer:
    if not context.is_incident_level:
        return cannot_show("offence_types", "Offence types within each strand", context.source)
    where, labels = _incident_view(context, options)
    return offence_types_figure(offence_types_by_strand(cursor, **where, strands=breakdown_strands(context)), **labels)


def outcomes_chart(cursor, context: PageContext, options: dict) -> ChartAnswer:
    if not context.is_incident_level:
        return cannot_show("outcomes", "Outcomes within each strand", context.source)
    where, labels = _incident_view(context, options)
    return outcomes_figure(outcomes_by_strand(cursor, **where, strands=breakdown_strands(context)), **labels)


def hex_map_chart(cursor, context: PageContext, options: dict) -> ChartAnswer:
    """options: {"borough": slug} (checked by charts.options.borough_option): the filter
    bar's strand, per hexagon cell of that borough, with disclosure control."""
    borough = context.borough(options["borough"])
    title = f"{context.strand_label}: where in {borough.name}"
    if not context.is_incident_level:
        return cannot_show("locations", title, context.source)
    state, period = context.state, context.state.period
    code = borough.gss_code
    where = dict(dataset_id=state.dataset_id, period=period, gss_code=code, strand=state.strand)
    totals = located_offence_totals(cursor, **where)
    counts = hex_cell_counts(cursor, **where)
    return borough_hex_map(
        counts, borough_hex_cells(code), borough_outline(code), threshold=disclosure_threshold(),
        borough_name=borough.name, strand_label=STRANDS[state.strand].label, period_label=period.label,
        source=context.source, located=totals["located"], offences=totals["offences"],
        cells_url=hex_cells_url(code))
