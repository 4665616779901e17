"""Charts only the briefing pack draws: the strand breakdown over the rolling 12 months,
and London's inner and outer boroughs against London."""

from __future__ import annotations

import pandas as pd
from figures.answer import ChartAnswer

from charts.context import PageContext
from charts.strands_shown import pack_strands
from figures.connect_break import with_comparison_caveat
from figures.strand_bars import area_rate_bars, strand_comparison_bars
from queries.periods import Period, rolling_12_months
from queries.strand_summary import area_strand_rates, strand_period_comparison
from queries.rates import RATE_LABEL


def rolling_comparison(cursor, context: PageContext, gss_codes: list[str] | None) -> tuple[Period, pd.DataFrame]:
    headline, core = pack_strands(context)
    rolling = rolling_12_months(context.state.end)
    comparison = strand_period_comparison(
        cursor, dataset_id=context.state.dataset_id, current=rolling, previous=rolling.previous(),
        strands=[headline] + [key for key in core if key != headline], gss_codes=gss_codes)
    return rolling, comparison


def rolling_strand_bars(cursor, context: PageContext, options: dict) -> ChartAnswer:
    """options: {"borough": slug} for a borough, {} for London."""
    borough = context.borough(options.get("borough")) if options.get("borough") else None
    where = borough.name if borough is not None else "London"
    rolling, comparison = rolling_comparison(cursor, context, [borough.gss_code] if borough is not None else None)
    _, core = pack_strands(context)
    return strand_comparison_bars(
        comparison[comparison.strand.isin(core)],
        title=f"Hate crime offences by strand, {where}, rolling 12 months to {rolling.end:%b %Y}",
        subtitle=with_comparison_caveat((f"Compared with the 12 months before ({rolling.previous().label})",),
                                        rolling, rolling.previous()),
        source=context.source, current_label=rolling.label, previous_label=rolling.previous().label)


def inner_outer_london(cursor, context: PageContext, _options: dict) -> ChartAnswer:
    """London's counterpart of "a borough against London and its group": inner and outer
    London against London, from the same query the borough profile uses."""
    state, period = context.state, context.state.period
    headline, core = pack_strands(context)
    strands = [headline] + [key for key in core if key != headline]
    met = context.met_boroughs
    inner_code = met[met.london_group == "Inner"].gss_code.iloc[0]
    outer_code = met[met.london_group == "Outer"].gss_code.iloc[0]
    inner = area_strand_rates(cursor, dataset_id=state.dataset_id, period=period, strands=strands, gss_code=inner_code)
    outer = area_strand_rates(cursor, dataset_id=state.dataset_id, period=period, strands=strands, gss_code=outer_code)
    rates = pd.concat([
        inner[inner.area == "group"].assign(area="borough"),
        outer[outer.area == "group"],
        inner[inner.area == "london"],
    ])
    rates["order"] = rates.strand.map({key: index for index, key in enumerate(strands)})
    rates = rates.sort_values(["order"], kind="stable").drop(columns="order")
    return area_rate_bars(
        rates, area_names={"borough": "Inner London", "group": "Outer London", "london": "London"},
        title=f"{RATE_LABEL}: inner and outer London, {period.label}",
        subtitle=("Inner and outer London as the ONS groups boroughs; London is the 32 Met boroughs",),
        source=context.source)
