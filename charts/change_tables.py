"""Changes beyond chance over the rolling 12 months: What stands out's table, its CSV and
the briefing pack's, from one definition. Every area and strand in view is tested
(stands_out/change_test.py); the table lists those whose change is beyond chance, the
smallest p-value first, and says how every other combination came out."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from charts.context import PageContext
from charts.options import check_mapping, flag
from components.url_state import profile_href
from components.verdicts import VERDICT_ORDER, verdict_words
from exports.filenames import area_slug
from figures.answer import TableAnswer, message_table
from figures.p_values import P_VALUE_FORMAT
from queries.aggregates import LONDON_AREA
from queries.expected_counts import rolling_changes
from queries.periods import rolling_12_months
from queries.strands import STRANDS
from stands_out.chance import about_words, expected_by_chance, one_in_words
from stands_out.change_test import (CHANGE_TEST_LEVEL, SIGNIFICANT_FALL, SIGNIFICANT_RISE, VERDICTS,
                                    add_change_verdicts)

NAME = "changes-beyond-chance"


def changes_options(raw, _context: PageContext) -> dict:
    """{"every_strand": true or false}: every strand (the default), or the filters' only."""
    raw = check_mapping(raw, {"every_strand"}, what="table")
    return {"every_strand": flag(raw, "every_strand", True)}


def changes_beyond_chance(cursor, context: PageContext, options: dict) -> TableAnswer:
    """The areas in view (the boroughs chosen in the filters; none: London and its 32
    boroughs) and their strands whose rolling 12 months differ from the 12 before by
    more than chance."""
    state = context.state
    rolling = rolling_12_months(state.end)
    heading = f"Changes beyond chance, {rolling.label} against {rolling.previous().label}"
    first_month = pd.Timestamp(context.dataset.first_month).date()
    if rolling.previous().start < first_month:
        return message_table(NAME, heading, f"The rolling 12 months to {state.end:%B %Y} cannot be set against the "
                                            f"12 before: the dataset starts in {first_month:%B %Y}.")
    strands = None if options["every_strand"] else [state.strand]
    judged = add_change_verdicts(rolling_changes(cursor, dataset_id=state.dataset_id, end=state.end,
                                                 strands=strands, areas=context.chosen_codes),
                                 months=rolling.months)
    counts = judged.verdict.value_counts()
    rises, falls, within, few = (int(counts.get(verdict, 0)) for verdict in VERDICTS)
    summary = (f"{rolling.label} against {rolling.previous().label}: of {len(judged)} combinations of area and "
               f"strand with offences, {rises} had a significant rise and {falls} a significant fall; {within} "
               f"{'was' if within == 1 else 'were'} within normal variation and {few} had too few offences to "
               "compare." + _by_chance_words(tested=rises + falls + within, significant=rises + falls))
    significant = judged[judged.verdict.isin([SIGNIFICANT_RISE, SIGNIFICANT_FALL])].sort_values(
        ["p_value", "area_name", "strand"], kind="stable").reset_index(drop=True)
    if significant.empty:
        return replace(message_table(NAME, heading, "No change over the rolling 12 months is beyond chance."),
                       summary=summary)
    frame = pd.DataFrame({
        "Area": significant.area_name,
        "Strand": [STRANDS[key].label for key in significant.strand],
        f"Rolling 12 months, {rolling.label} (offences)": significant.offences.astype("Int64"),
        f"Previous 12 months, {rolling.previous().label} (offences)": significant.previous_offences.astype("Int64"),
        "Change (%)": significant.change_pct.astype("Float64"),
        "Verdict": significant.verdict.map(verdict_words),
        "p-value": significant.p_value.astype(float),
    })
    extra = pd.DataFrame({
        "href": [profile_href(state, row.slug) if row.area != LONDON_AREA else "/" + state.to_query()
                 for row in significant.itertuples()],
        "verdict_order": significant.verdict.map(VERDICT_ORDER),
        # Each row's series, for the review status a signed-in page adds (callbacks/stands_out.py).
        "area": significant.area, "strand": significant.strand,
    })
    return TableAnswer(NAME, heading, frame, summary=summary, area=area_slug(state.boroughs), period=rolling,
                       strand="all" if strands is None else state.strand,
                       formats={frame.columns[2]: ",", frame.columns[3]: ",", "Change (%)": "+.1f",
                                "p-value": P_VALUE_FORMAT},
                       links={"Area": "href"}, sort_keys={"Verdict": "verdict_order"}, extra=extra)


def _by_chance_words(*, tested: int, significant: int) -> str:
    """" At the test's 1-in-100 significance level, about 3 of the 310 compared would be called
    significant by chance alone, even where nothing had changed.": only what was tested
    counts (too few offences to compare gets no verdict); empty when nothing was."""
    if tested == 0:
        return ""
    chance = about_words(expected_by_chance(tested, CHANGE_TEST_LEVEL))
    advice = ": look first at the smallest p-values and the largest changes." if significant else "."
    return (f" At the test's {one_in_words(CHANGE_TEST_LEVEL)} significance level, {chance} of the {tested:,} "
            f"compared would be called significant by chance alone, even where nothing had changed{advice}")
