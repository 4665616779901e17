"""Positive outcomes per strand as a table with units, for the borough profile and its
briefing pack (queries.positive_outcomes holds the figures and the caveat)."""

import pandas as pd

from queries.strands import STRANDS

STRAND = "Strand"
OFFENCES = "Offences in months with outcome figures (count)"
OUTCOMES = "Positive outcomes (count)"
RATE = "Positive outcome rate (%)"
LONDON_RATE = "London positive outcome rate (%)"
MONTHS = "Months with outcome figures"


def with_outcome_figures(by_strand: pd.DataFrame) -> pd.DataFrame:
    """positive_outcomes_by_strand() rows of the strands that have outcome figures."""
    return by_strand[by_strand.months_with_outcomes > 0]


def strands_without_outcome_figures(by_strand: pd.DataFrame) -> list[str]:
    return [key for key in by_strand[by_strand.months_with_outcomes == 0].strand]


def outcomes_table(area: pd.DataFrame, london: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per strand with outcome figures: offences, positive outcomes, the rate and,
    with `london` (the same query for all of London), London's rate beside it. A rate with
    no offences is missing, never 0."""
    shown = with_outcome_figures(area)
    frame = pd.DataFrame({
        STRAND: [STRANDS[key].label for key in shown.strand],
        OFFENCES: shown.offences.astype("Int64").tolist(),
        OUTCOMES: shown.positive_outcomes.astype("Int64").tolist(),
        RATE: shown.positive_outcome_rate_pct.astype("Float64").tolist(),
    })
    if london is not None:
        london_rates = london.set_index("strand").positive_outcome_rate_pct
        frame[LONDON_RATE] = pd.array([london_rates.get(key) for key in shown.strand], dtype="Float64")
    frame[MONTHS] = [f"{int(row.months_with_outcomes)} of {int(row.period_months)}" for row in shown.itertuples()]
    return frame


def missing_strands_sentence(by_strand: pd.DataFrame) -> str:
    """'' or the sentence naming the strands this dataset has no outcome figures for."""
    missing = strands_without_outcome_figures(by_strand)
    if not missing:
        return ""
    return ("No outcome figures are published for " + ", ".join(STRANDS[key].label for key in missing) + ".")
