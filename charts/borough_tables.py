"""A borough profile's tables, shared by the profile page, its CSV downloads and the
borough's briefing pack: rank by rate among the 32, the last 12 months by strand, and
positive outcomes by strand (for London too, in the London pack)."""

from __future__ import annotations

import pandas as pd

from charts.context import PageContext
from charts.strands_shown import profile_strands
from components.positive_outcomes import missing_strands_sentence, outcomes_table, with_outcome_figures
from figures.answer import TableAnswer, message_table
from queries.borough_summary import borough_strand_rates
from queries.periods import rolling_12_months
from queries.positive_outcomes import (NO_OUTCOMES_SENTENCE, POSITIVE_OUTCOME_CAVEAT, has_positive_outcomes,
                                       positive_outcomes_by_strand)
from queries.strand_summary import area_strand_rates
from queries.strands import STRANDS
from queries.time_series import monthly_offences
from queries.rates import RATE_UNIT

RANK_COLUMN = "Rank of 32 by rate (1 = highest)"
RATE_FORMAT = ".2f"


def rank_table(cursor, context: PageContext, options: dict) -> TableAnswer:
    """Per strand: the borough's offences and rate, its inner/outer London group's and
    London's rates beside it, and its rank by rate among the 32 boroughs."""
    borough = context.borough(options["borough"])
    state, period = context.state, context.state.period
    name, group_name = borough.name, context.group_name(borough)
    strands = profile_strands(context)
    ranks = borough_strand_rates(cursor, dataset_id=state.dataset_id, period=period, strands=strands)
    rates = area_strand_rates(cursor, dataset_id=state.dataset_id, period=period, strands=strands,
                              gss_code=borough.gss_code, group_codes=context.group_codes(borough))
    rows = ranks[ranks.gss_code == borough.gss_code].set_index("strand").loc[strands].reset_index()
    by_area = {area: rates[rates.area == area].set_index("strand").rate_per_1000_per_year for area in ("group", "london")}
    # Each rate heading carries its unit, so a CSV column read on its own is not per period.
    rate_columns = [f"{area} rate {RATE_UNIT}" for area in (name, group_name, "London")]
    frame = pd.DataFrame({
        "Strand": [STRANDS[key].label for key in rows.strand],
        "Offences (count)": rows.offences.astype("Int64"),
        rate_columns[0]: rows.rate_per_1000_per_year.astype(float).round(2),
        rate_columns[1]: [round(float(by_area["group"][key]), 2) for key in rows.strand],
        rate_columns[2]: [round(float(by_area["london"][key]), 2) for key in rows.strand],
        RANK_COLUMN: rows.rank_by_rate.astype("Int64"),
    })
    return TableAnswer("ranks-by-rate", f"Rank among the 32 boroughs by rate, {name}, {period.label}", frame,
                       area=borough.slug, period=period,
                       formats={"Offences (count)": ",", RANK_COLUMN: ",",
                                **{column: RATE_FORMAT for column in rate_columns}})


def last_12_months_table(cursor, context: PageContext, options: dict) -> TableAnswer:
    """Offences per month and strand over the 12 months to the end of the period."""
    borough = context.borough(options["borough"])
    last_12 = rolling_12_months(context.state.end)
    shown = profile_strands(context)
    series = monthly_offences(cursor, dataset_id=context.state.dataset_id, period=last_12, strands=shown,
                              gss_codes=[borough.gss_code])
    # A published series has empty months where no release covers a strand (Int64 keeps
    # them empty, shown "n/a"): never 0, never an error.
    wide = series.pivot(index="month", columns="strand", values="offences").reindex(columns=shown).astype("Int64")
    columns = {key: f"{STRANDS[key].short_label} (offences)" for key in shown}
    frame = wide.rename(columns=columns).reset_index(drop=True)
    frame.insert(0, "Month", [f"{pd.Timestamp(month):%b %Y}" for month in wide.index])
    return TableAnswer("last-12-months", f"The last 12 months, offences by strand, {borough.name}, "
                                         f"{last_12.label}", frame,
                       area=borough.slug, period=last_12, formats={column: "," for column in columns.values()},
                       # "Apr" sorts before "Jan": the month column sorts by date instead.
                       sort_keys={"Month": "month_order"}, extra=pd.DataFrame({"month_order": range(len(frame))}))


def positive_outcomes_table(cursor, context: PageContext, options: dict) -> TableAnswer:
    """Positive outcomes per strand for the borough (London's rate beside each) or, with
    no borough, for London; or the sentence saying why there are none."""
    borough = context.borough(options["borough"]) if options.get("borough") else None
    state, period = context.state, context.state.period
    where = borough.name if borough is not None else "London"
    name, heading = "positive-outcomes", f"Positive outcomes by strand, {where}, {period.label}"
    if not has_positive_outcomes(cursor, dataset_id=state.dataset_id):
        return message_table(name, heading, NO_OUTCOMES_SENTENCE)
    query = dict(dataset_id=state.dataset_id, period=period, strands=profile_strands(context))
    area = positive_outcomes_by_strand(cursor, gss_codes=[borough.gss_code] if borough is not None else None, **query)
    london = positive_outcomes_by_strand(cursor, **query) if borough is not None else None
    missing = missing_strands_sentence(area)
    if with_outcome_figures(area).empty:
        return message_table(name, heading, f"{missing} {NO_OUTCOMES_SENTENCE}" if missing else NO_OUTCOMES_SENTENCE)
    frame = outcomes_table(area, london)
    return TableAnswer(name, heading, frame, note=POSITIVE_OUTCOME_CAVEAT + (f" {missing}" if missing else ""),
                       area=borough.slug if borough is not None else "london", period=period,
                       formats={column: "," if "(count)" in column else ".1f" for column in frame.columns
                                if "(count)" in column or "(%)" in column})
