"""A borough profile's charts: its monthly trend with the rolling 12-month line, its
rates against London and its inner/outer London group, and its strand mix."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from charts.context import PageContext
from charts.stands_out import monthly_band
from charts.strands_shown import headline_strand, mix_strands, profile_strands
from charts.trends import rate_trend_finding, trend_options, trends_chart
from figures.borough_profile import borough_against_london, borough_monthly_trend
from figures.answer import ChartAnswer, message_answer
from figures.findings import against_london_finding, largest_strand_finding
from figures.connect_break import with_comparison_caveat
from figures.strand_bars import strand_comparison_bars
from queries.events import events_between
from queries.periods import ROLLING_MONTHS, Period, add_months
from queries.strand_summary import area_strand_rates, strand_period_comparison
from queries.time_series import monthly_offences


def profile_trend(cursor, context: PageContext, options: dict) -> ChartAnswer:
    borough = context.borough(options["borough"])
    state, period = context.state, context.state.period
    # The rolling line needs the 11 months before the period starts.
    history = Period(add_months(period.start, -(ROLLING_MONTHS - 1)), period.end)
    series = monthly_offences(cursor, dataset_id=state.dataset_id, period=history,
                              strands=[state.strand], gss_codes=[borough.gss_code])
    if series.empty or int(series.offences.sum()) == 0:
        return message_answer(f"No offences recorded for {borough.name} in {period.label}.",
                              title="Monthly trend", source=context.source)
    band = monthly_band(cursor, context, area=borough.gss_code, strand=state.strand, period=period)
    return borough_monthly_trend(
        series, strand_label=context.strand_label, borough_name=borough.name, period=period,
        source=context.source, events=events_between(cursor, start=period.start, end=period.end_exclusive),
        expected_band=band)


def profile_rate_trend(cursor, context: PageContext, options: dict) -> ChartAnswer:
    """The borough's monthly rate per 1,000 residents per year with London's and its
    comparison group's beside it: Trends' rate lines for this one borough."""
    borough = context.borough(options["borough"])
    alone = replace(context, state=replace(context.state, boroughs=(borough.slug,)))
    answer = trends_chart(cursor, alone, trend_options({"measure": "rate", "strands": [context.state.strand]}, alone))
    if answer.message is not None:
        return answer
    finding = rate_trend_finding(answer, borough.name, context.state.period)
    if finding is None:
        return answer
    return replace(answer, text=replace(answer.text, title=finding,
                                        subtitle=(answer.text.title + ".", *answer.text.subtitle)))


def profile_rates(cursor, context: PageContext, borough) -> pd.DataFrame:
    """area_strand_rates for the borough, its comparison group and London, headline strand first."""
    strands = profile_strands(context)
    return area_strand_rates(cursor, dataset_id=context.state.dataset_id, period=context.state.period,
                             strands=strands, gss_code=borough.gss_code, group_codes=context.group_codes(borough))


def profile_against_london(cursor, context: PageContext, options: dict) -> ChartAnswer:
    borough = context.borough(options["borough"])
    rates = profile_rates(cursor, context, borough)
    return borough_against_london(rates, borough_name=borough.name, group_name=context.group_name(borough),
                                  period=context.state.period, source=context.source,
                                  finding=against_london_finding(rates, borough.name, headline_strand(context)))


def profile_strand_mix(cursor, context: PageContext, options: dict) -> ChartAnswer:
    borough = context.borough(options["borough"])
    state, period = context.state, context.state.period
    mix = strand_period_comparison(cursor, dataset_id=state.dataset_id, current=period, previous=period.previous(),
                                   strands=mix_strands(context), gss_codes=[borough.gss_code])
    if int(mix.offences.sum() + mix.previous_offences.sum()) == 0:
        return message_answer(f"No offences recorded for {borough.name} in {period.label}.",
                              title="Offences by strand", source=context.source)
    title = f"Offences by strand, {borough.name}, {period.label}"
    subtitle = f"Compared with the previous {period.months} months ({period.previous().label})"
    finding = largest_strand_finding(mix, borough.name)
    return strand_comparison_bars(
        mix, title=finding or title,
        subtitle=with_comparison_caveat((f"{title}. {subtitle}" if finding else subtitle,), period, period.previous()),
        source=context.source, current_label=period.label, previous_label=period.previous().label)
