"""The headline figures of a borough or of London, for the filters' strand and period:
the profile's and the overview's cards and the briefing pack's headline page, from one
definition each, so they cannot drift apart."""

from __future__ import annotations

import pandas as pd

from charts.context import PageContext, shared_answer
from charts.strands_shown import profile_strands
from figures.answer import Headline
from queries.borough_summary import borough_period_summary, borough_strand_rates
from queries.connect_break import comparison_caveat
from queries.periods import Period, rolling_12_months
from queries.positive_outcomes import NO_OUTCOMES_SENTENCE, has_positive_outcomes, positive_outcomes_by_strand
from queries.strand_summary import area_strand_rates, strand_period_comparison
from queries.strands import STRANDS
from stands_out.change_test import add_change_verdicts
from queries.rates import RATE_LABEL, RATE_UNIT, annual_rate_per_1000

HIGHEST_RATES_LISTED = 3  # London: the boroughs with the highest rates, named in the headline
OUTCOMES_LAG_SENTENCE = "Outcomes can come months after the offence, so recent months look low."


def change_headline(cursor, context: PageContext, *, key: str, current: Period, previous: Period,
                    measure: str, compared_with: str, gss_codes: list[str] | None) -> Headline:
    """Offences of the filters' strand in `current` against `previous`, with the verdict."""
    row = add_change_verdicts(strand_period_comparison(
        cursor, dataset_id=context.state.dataset_id, current=current, previous=previous,
        strands=[context.state.strand], gss_codes=gss_codes), months=current.months).iloc[0]
    return Headline(key, measure, f"{int(row.offences):,}", "offences",
                    f"{int(row.previous_offences):,} {compared_with}", row.change_pct, row.verdict,
                    comparison_caveat(current, previous) or "")


def rolling_headline(cursor, context: PageContext, where: str, gss_codes: list[str] | None) -> Headline:
    rolling = rolling_12_months(context.state.end)
    return change_headline(cursor, context, key="rolling", current=rolling, previous=rolling.previous(),
                           measure=f"{context.strand_label}: {where}, rolling 12 months to {rolling.end:%b %Y}",
                           compared_with="in the 12 months before", gss_codes=gss_codes)


def period_headline(cursor, context: PageContext, where: str, gss_codes: list[str] | None) -> Headline:
    period = context.state.period
    return change_headline(cursor, context, key="period", current=period, previous=period.previous(),
                           measure=f"{context.strand_label}: {where}, {period.label}",
                           compared_with=f"in the previous {period.months} months ({period.previous().label})",
                           gss_codes=gss_codes)


BOROUGH_HEADLINES = ("rolling", "period", "rate", "rank", "outcomes")


def _shared(cursor, context: PageContext, name: str, key: dict, compute) -> list[Headline]:
    """Headlines are the same for everyone asking of the same store: shared like charts."""
    return shared_answer(cursor, f"headlines {name}", {"state": context.state.to_store(), **key}, compute)


def area_headlines(cursor, context: PageContext) -> list[Headline]:
    """The overview's: the period and the rolling 12 months of the area in view (the
    boroughs chosen in the filters, or London)."""
    where, codes = context.area_label, context.chosen_codes
    return _shared(cursor, context, "area", {}, lambda: [period_headline(cursor, context, where, codes),
                                                         rolling_headline(cursor, context, where, codes)])


def borough_headlines(cursor, context: PageContext, slug: str, keys=BOROUGH_HEADLINES) -> list[Headline]:
    """The borough's rolling 12 months, its period, its rate against London and its group,
    its rank by rate among the 32, and its positive outcome rate: those of `keys`, in
    that order (each costs its own queries, so a page asks only for what it shows)."""
    return _shared(cursor, context, "borough", {"slug": slug, "keys": list(keys)},
                   lambda: _borough_headlines(cursor, context, slug, keys))


def _borough_headlines(cursor, context: PageContext, slug: str, keys) -> list[Headline]:
    borough = context.borough(slug)
    state, period = context.state, context.state.period
    code, name, strand = borough.gss_code, borough.name, state.strand

    # The same queries as the profile's chart against London and its rank table, which
    # a request runs once (queries.store.RequestCursor).
    strands = profile_strands(context)

    def rate() -> Headline:
        rates = area_strand_rates(cursor, dataset_id=state.dataset_id, period=period, strands=strands,
                                  gss_code=code, group_codes=context.group_codes(borough))
        by_area = rates[rates.strand == strand].set_index("area").rate_per_1000_per_year
        return Headline("rate", f"{RATE_LABEL}, {period.label}", f"{by_area['borough']:.2f}",
                        compared_with=f"London {by_area['london']:.2f}; {context.group_name(borough)} "
                                      f"{by_area['group']:.2f}")

    def rank() -> Headline:
        ranks = borough_strand_rates(cursor, dataset_id=state.dataset_id, period=period, strands=strands)
        row = ranks[(ranks.gss_code == code) & (ranks.strand == strand)].iloc[0]
        return Headline("rank", f"Rank by rate among the 32 boroughs, {period.label}", f"{int(row.rank_by_rate)} of 32",
                        compared_with="1 is the highest rate")

    builders = {"rolling": lambda: rolling_headline(cursor, context, name, [code]),
                "period": lambda: period_headline(cursor, context, name, [code]),
                "rate": rate, "rank": rank, "outcomes": lambda: outcomes_headline(cursor, context, [code])}
    return [builders[key]() for key in BOROUGH_HEADLINES if key in keys]


def london_headlines(cursor, context: PageContext) -> list[Headline]:
    """London's rolling 12 months and period, its rate against inner and outer London,
    the highest borough rates, and its positive outcome rate."""
    return _shared(cursor, context, "london", {}, lambda: _london_headlines(cursor, context))


def _london_headlines(cursor, context: PageContext) -> list[Headline]:
    state, period = context.state, context.state.period
    summary = borough_period_summary(cursor, dataset_id=state.dataset_id, period=period, strand=state.strand)
    months = int(summary.months_of_data.iloc[0])
    london_rate = annual_rate_per_1000(summary.offences.sum(), summary.population_mid2021.sum(), months)
    groups = summary.groupby("london_group")[["offences", "population_mid2021"]].sum()
    group_rates = annual_rate_per_1000(groups.offences, groups.population_mid2021, months).round(2)
    highest = summary.sort_values(["rank_by_rate", "name"]).head(HIGHEST_RATES_LISTED)
    return [
        rolling_headline(cursor, context, "London", None),
        period_headline(cursor, context, "London", None),
        Headline("rate", f"{RATE_LABEL}, {period.label}", f"{london_rate:.2f}",
                 compared_with="; ".join(f"{group} London {rate:.2f}" for group, rate in group_rates.items())),
        Headline("highest", f"Highest rates {RATE_UNIT}, {period.label}",
                 f"{highest.iloc[0]['name']} {highest.iloc[0].rate_per_1000_per_year:.2f}",
                 compared_with="then " + ", ".join(f"{row.name} {row.rate_per_1000_per_year:.2f}"
                                                   for row in highest.iloc[1:].itertuples())),
        outcomes_headline(cursor, context, None),
    ]


def outcomes_headline(cursor, context: PageContext, gss_codes: list[str] | None) -> Headline:
    """The positive outcome rate of the filters' strand (London's beside a borough's), or
    why there is none."""
    state, period = context.state, context.state.period
    measure = f"Positive outcome rate, {STRANDS[state.strand].label}, {period.label}"
    if not has_positive_outcomes(cursor, dataset_id=state.dataset_id):
        return Headline("outcomes", measure, "not available", compared_with=NO_OUTCOMES_SENTENCE)
    query = dict(dataset_id=state.dataset_id, period=period, strands=[state.strand])
    row = positive_outcomes_by_strand(cursor, gss_codes=gss_codes, **query).iloc[0]
    if row.months_with_outcomes == 0:
        return Headline("outcomes", measure, "not available",
                        compared_with=f"No outcome figures are published for {STRANDS[row.strand].label}.")
    london_part = ""
    if gss_codes is not None:
        london = positive_outcomes_by_strand(cursor, **query).positive_outcome_rate_pct.iloc[0]
        london_part = f"; London {london:.1f}%" if pd.notna(london) else ""
    rate = "n/a" if pd.isna(row.positive_outcome_rate_pct) else f"{row.positive_outcome_rate_pct:.1f}%"
    return Headline("outcomes", measure, rate, compared_with=f"{int(row.positive_outcomes):,} positive outcomes on "
                                                             f"{int(row.offences):,} offences{london_part}. "
                                                             f"{OUTCOMES_LAG_SENTENCE}")
