"""The London overview's charts: the borough map, the strand breakdown and London's
monthly trend by strand."""

from __future__ import annotations

from charts.context import PageContext
from charts.options import check_mapping, choice
from charts.strands_shown import breakdown_strands, headline_strands
from figures.borough_map import MAP_METRICS, borough_choropleth
from figures.answer import ChartAnswer, message_answer
from figures.findings import largest_strand_finding, map_finding, strand_change_finding
from figures.connect_break import with_comparison_caveat
from figures.strand_bars import strand_comparison_bars
from figures.trend import trend_figure
from geodata import BOUNDARIES_URL
from queries.borough_summary import borough_period_summary
from queries.boroughs import CITY_OF_LONDON
from queries.events import events_between
from queries.positive_outcomes import NO_OUTCOMES_SENTENCE, borough_positive_outcomes, has_positive_outcomes
from queries.strand_summary import strand_period_comparison
from queries.strands import STRANDS
from queries.time_series import monthly_offences

DEFAULT_MAP_METRIC = "rate"
OUTCOME_RATE_SUBTITLE = ("Positive outcomes recorded in the period over offences recorded in it: outcomes can "
                         "come months after the offence, so recent months look low.")
MAP_HINT = "Click a borough to open its profile."


def map_options(raw, _context: PageContext) -> dict:
    raw = check_mapping(raw, {"metric"})
    return {"metric": choice(raw, "metric", tuple(MAP_METRICS), DEFAULT_MAP_METRIC)}


def borough_map(cursor, context: PageContext, options: dict) -> ChartAnswer:
    metric = options["metric"]
    state, period = context.state, context.state.period
    summary = borough_period_summary(cursor, dataset_id=state.dataset_id, period=period, strand=state.strand)
    title = f"{STRANDS[state.strand].short_label}: {MAP_METRICS[metric]['label'].lower()}, by borough"
    if int(summary.offences.sum()) == 0 and int(summary.previous_offences.sum()) == 0:
        return message_answer(f"No offences recorded for {context.strand_label} in {period.label}.", title=title,
                              source=context.source)
    if metric == "outcome_rate":
        if not has_positive_outcomes(cursor, dataset_id=state.dataset_id):
            return message_answer(NO_OUTCOMES_SENTENCE, title=title, source=context.source)
        outcomes = borough_positive_outcomes(cursor, dataset_id=state.dataset_id, period=period, strand=state.strand)
        if outcomes.positive_outcome_rate_pct.isna().all():
            return message_answer(f"No outcome figures for {context.strand_label} in {period.label}.", title=title,
                                  source=context.source)
        summary = summary.merge(outcomes[["gss_code", "positive_outcomes", "positive_outcome_rate_pct"]],
                                on="gss_code", how="left")
    no_data = context.boroughs[context.boroughs.gss_code == CITY_OF_LONDON][["gss_code", "name"]]
    where = f"London, {period.label}" + (
        f", against the previous {period.months} months" if metric == "change" else "") + "."
    finding = map_finding(summary, metric)
    subtitle = (f"{title}. {where}" if finding else where,)
    if metric == "change":
        subtitle = with_comparison_caveat(subtitle, period, period.previous())
    if metric == "outcome_rate":
        subtitle += (OUTCOME_RATE_SUBTITLE,)
    return borough_choropleth(summary, BOUNDARIES_URL, metric=metric, title=finding or title, subtitle=subtitle,
                              screen_hint=MAP_HINT, source=context.source, no_data=no_data,
                              highlighted_codes=context.chosen_codes)


def _empty_sentence(context: PageContext) -> str:
    return f"No offences recorded for {context.area_label} in {context.state.period.label}."


def strand_breakdown(cursor, context: PageContext, _options: dict) -> ChartAnswer:
    state, period = context.state, context.state.period
    strands = breakdown_strands(context)
    in_period = strand_period_comparison(
        cursor, dataset_id=state.dataset_id, current=period, previous=period.previous(),
        strands=strands, gss_codes=context.chosen_codes)
    if int(in_period.offences.sum()) == 0:
        return message_answer(_empty_sentence(context), title="Offences by strand", source=context.source)
    title = f"Hate crime offences by strand, {context.area_label}, {period.label}"
    subtitle = f"Compared with the previous {period.months} months ({period.previous().label})"
    finding = largest_strand_finding(in_period, context.area_label)
    return strand_comparison_bars(
        in_period, title=finding or title,
        subtitle=with_comparison_caveat((f"{title}. {subtitle}" if finding else subtitle,), period, period.previous()),
        source=context.source, current_label=period.label, previous_label=period.previous().label)


def london_trend(cursor, context: PageContext, _options: dict) -> ChartAnswer:
    state, period = context.state, context.state.period
    trend_strands = [state.strand] if state.strand != "all" else headline_strands(context)
    series = monthly_offences(cursor, dataset_id=state.dataset_id, period=period,
                              strands=trend_strands, gss_codes=context.chosen_codes)
    if series.empty or int(series.offences.sum()) == 0:
        return message_answer(_empty_sentence(context), title="Monthly trend", source=context.source)
    events = events_between(cursor, start=period.start, end=period.end_exclusive)
    trend_what = "hate crime offences by strand" if len(trend_strands) > 1 else \
        f"offences, {STRANDS[trend_strands[0]].label}"
    title = f"Monthly {trend_what}, {context.area_label}, {period.label}"
    lead = strand_period_comparison(cursor, dataset_id=state.dataset_id, current=period, previous=period.previous(),
                                    strands=trend_strands[:1], gss_codes=context.chosen_codes).iloc[0]
    finding = strand_change_finding(lead.strand, context.area_label, lead.offences, lead.change_pct, period.months)
    return trend_figure(
        series, time_column="month", full_width=True, title=finding,
        subtitle=(f"{title}. Each line counts offences with that flag; lines overlap and are not stacked.",),
        source=context.source, events=events)
