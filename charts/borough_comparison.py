"""The 32 boroughs compared over the filters' period: Compare's table, its CSV and the
London briefing pack's borough table, from one definition. Each change carries its
verdict; a verdict filter keeps only the significant rises or falls."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from charts.context import PageContext
from security.bad_request import BadRequest
from charts.options import check_mapping
from components.url_state import profile_href
from components.verdicts import ALL_VERDICTS, VERDICT_FILTERS, VERDICT_ORDER, verdict_words
from figures.answer import TableAnswer, message_table
from queries.borough_summary import borough_period_summary
from queries.connect_break import comparison_caveat
from queries.positive_outcomes import borough_positive_outcomes, has_positive_outcomes, positive_outcomes_by_strand
from stands_out.change_test import SIGNIFICANT_FALL, SIGNIFICANT_RISE, add_change_verdicts
from queries.comparison_groups import BUILT_IN_GROUPS
from queries.rates import RATE_LABEL, RATE_UNIT, annual_rate_per_1000

RATE = RATE_LABEL
RANK = "Rank by rate (1 = highest)"
OUTCOME_RATE = "Positive outcome rate (%)"


def comparison_options(raw, _context: PageContext) -> dict:
    """{"verdict": "all", "rises" or "falls"}: which boroughs the table keeps."""
    raw = check_mapping(raw, {"verdict"}, what="table")
    verdict = raw.get("verdict")
    if verdict is None:
        verdict = ALL_VERDICTS
    if not isinstance(verdict, str) or verdict not in VERDICT_FILTERS:
        raise BadRequest(f"The verdict filter must be one of {', '.join(VERDICT_FILTERS)}.")
    return {"verdict": verdict}


def strand_has_outcomes(cursor, context: PageContext) -> bool:
    """Whether the chosen strand has outcome figures in the period (the Met publishes them
    for some categories only; incident extracts may have no outcome column)."""
    if not has_positive_outcomes(cursor, dataset_id=context.state.dataset_id):
        return False
    london = positive_outcomes_by_strand(cursor, dataset_id=context.state.dataset_id, period=context.state.period,
                                         strands=[context.state.strand])
    return bool(london.months_with_outcomes.iloc[0] > 0)


def boroughs_table(cursor, context: PageContext, options: dict) -> TableAnswer:
    state, period = context.state, context.state.period
    summary = add_change_verdicts(
        borough_period_summary(cursor, dataset_id=state.dataset_id, period=period, strand=state.strand),
        months=period.months).sort_values(["rank_by_rate", "name"], kind="stable").reset_index(drop=True)
    if strand_has_outcomes(cursor, context):
        outcomes = borough_positive_outcomes(cursor, dataset_id=state.dataset_id, period=period, strand=state.strand)
        summary = summary.merge(outcomes[["gss_code", "positive_outcome_rate_pct"]], on="gss_code", how="left")
    rises, falls = (int((summary.verdict == verdict).sum()) for verdict in (SIGNIFICANT_RISE, SIGNIFICANT_FALL))
    sentence = (f"{context.strand_label}, {period.label}, against the previous {period.months} months "
                f"({period.previous().label}). London (32 boroughs): {int(summary.offences.sum()):,} offences. "
                f"{_boroughs(rises)} with a significant rise, {_boroughs(falls)} with a significant fall.")
    if int(summary.offences.sum()) == 0:
        sentence = f"No offences recorded for {context.strand_label} in {period.label}. " + sentence
    chosen = [context.borough(slug) for slug in state.boroughs]
    group = context.comparison_group(chosen[0] if len(chosen) == 1 else None)
    if group is not None:
        sentence += " " + _group_sentence(summary, group, chosen)
    caveat = comparison_caveat(period, period.previous()) or ""
    if caveat:
        sentence += f" {caveat}"
    label, kept = VERDICT_FILTERS[options["verdict"]]
    name = "compare-boroughs" if kept is None else f"compare-boroughs-{options['verdict']}"
    heading = f"The 32 boroughs compared: {context.strand_label}, {period.label}" + (
        "" if kept is None else f" ({label.lower()} only)")
    if kept is not None:
        summary = summary[summary.verdict == kept].reset_index(drop=True)
        if summary.empty:
            return replace(message_table(name, heading, f"No borough had a {kept} in {period.label} against the "
                                                        f"previous {period.months} months."), summary=sentence)
    offences, previous = f"Offences, {period.label} (count)", f"Offences, {period.previous().label} (count)"
    frame = pd.DataFrame({
        "Borough": summary.name,
        "GSS code": summary.gss_code,
        "Inner/outer London": summary.london_group,
        # A partnership's own group, when one is chosen: its members marked, to sort them together.
        **({group_column(group.name): summary.gss_code.map(lambda code: "Yes" if code in group.gss_codes else "")}
           if group is not None and state.group not in BUILT_IN_GROUPS else {}),
        offences: summary.offences.astype("Int64"),
        previous: summary.previous_offences.astype("Int64"),
        "Change (%)": summary.change_pct.astype("Float64"),
        "Verdict": summary.verdict.map(verdict_words),
        RATE: summary.rate_per_1000_per_year.astype(float),
        RANK: summary.rank_by_rate.astype("Int64"),
        "Population (mid-2021)": summary.population_mid2021.astype("Int64"),
        **({OUTCOME_RATE: summary.positive_outcome_rate_pct.astype("Float64")}
           if "positive_outcome_rate_pct" in summary else {}),
    })
    extra = pd.DataFrame({"href": [profile_href(state, slug) for slug in summary.slug],
                          "verdict_order": summary.verdict.map(VERDICT_ORDER), "slug": summary.slug})
    return TableAnswer(name, heading, frame, note=caveat, summary=sentence, area="london", period=period,
                       formats={offences: ",", previous: ",", "Change (%)": "+.1f", RATE: ".2f", RANK: ",",
                                "Population (mid-2021)": ",", OUTCOME_RATE: ".1f"},
                       links={"Borough": "href"}, sort_keys={"Verdict": "verdict_order"}, extra=extra)


def group_column(name: str) -> str:
    return f"In {name}"


def _group_sentence(summary: pd.DataFrame, group, chosen) -> str:
    """The group's own rate (its offences over its residents) and, with one borough chosen,
    where that borough ranks by rate among the group's members."""
    members = summary[summary.gss_code.isin(group.gss_codes)]
    rate = annual_rate_per_1000(int(members.offences.sum()), int(members.population_mid2021.sum()),
                                int(summary.months_of_data.iloc[0]))
    words = (f"{group.name} ({len(members)} boroughs): {int(members.offences.sum()):,} offences, "
             f"{rate:.2f} {RATE_UNIT}.")
    if len(chosen) == 1 and chosen[0].gss_code in set(members.gss_code):
        ranked = members.sort_values(["rank_by_rate", "name"]).gss_code.tolist()
        words += (f" {chosen[0].name} ranks {ranked.index(chosen[0].gss_code) + 1} of {len(members)} "
                  "by rate among them.")
    return words


def _boroughs(count: int) -> str:
    return f"{count} borough{'' if count == 1 else 's'}"
