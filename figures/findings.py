"""Chart titles that state what the chart shows, the ONS/GOV.UK habit ("Race hate crime
in Camden rose 6% on the previous 12 months"), with the descriptive title moved to the
subtitle. Pure functions of the numbers a chart draws; words only, no judgement of
chance (the verdicts of stands_out/ say that)."""

from __future__ import annotations

import math

import pandas as pd

from figures.borough_map import MAP_METRICS
from queries.strands import STRANDS
from queries.rates import RATE_UNIT


def change_words(change_pct) -> str:
    """'rose 6.0%', 'fell 3.2%', 'was unchanged', or 'had no earlier figure'."""
    if change_pct is None or (isinstance(change_pct, float) and math.isnan(change_pct)) or pd.isna(change_pct):
        return "had no earlier figure to compare with"
    if round(float(change_pct), 1) == 0:
        return "was unchanged"
    return f"{'rose' if change_pct > 0 else 'fell'} {abs(float(change_pct)):.1f}%"


def period_words(months: int) -> str:
    return "the previous month" if months == 1 else f"the previous {months} months"


def strand_change_finding(strand: str, area: str, offences: int, change_pct, months: int) -> str:
    """'Race hate crime in Camden rose 6.0% on the previous 12 months, to 935 offences'."""
    label = STRANDS[strand].short_label
    what = "Hate crime" if strand == "all" else f"{label} hate crime"
    change = change_words(change_pct)
    if change.startswith(("rose", "fell")):
        return f"{what} in {area} {change} on {period_words(months)}, to {int(offences):,} offences"
    return f"{what} in {area}: {int(offences):,} offences; it {change}"


def largest_strand_finding(comparison: pd.DataFrame, area: str) -> str | None:
    """Of the strands drawn, the one with most offences (strands overlap: this ranks them,
    it never adds them)."""
    shown = comparison[comparison.offences > 0]
    if shown.empty:
        return None
    top = shown.sort_values("offences", ascending=False).iloc[0]
    change = top.change_pct
    if pd.isna(change):
        tail = "with no earlier figure"
    elif round(float(change), 1) == 0:
        tail = "unchanged on the period before"
    else:
        tail = f"{'up' if change > 0 else 'down'} {abs(float(change)):.1f}% on the period before"
    return f"{STRANDS[top.strand].short_label} was the most recorded strand in {area}: " \
           f"{int(top.offences):,} offences, {tail}"


def map_finding(summary: pd.DataFrame, metric: str) -> str | None:
    """The borough at the top of the map's measure."""
    column = MAP_METRICS[metric]["column"]
    ranked = [(value, name) for value, name in zip(summary[column].tolist(), summary["name"].tolist())
              if not pd.isna(value)]
    if not ranked:
        return None
    # Highest first, ties by name: plain tuples (a frame's sort costs ms on every click).
    value, name = min(ranked, key=lambda item: (-item[0], item[1]))
    if metric == "rate":
        return f"{name} had the highest rate: {value:.2f} offences {RATE_UNIT}"
    if metric == "count":
        return f"{name} recorded the most offences: {int(value):,}"
    if metric == "change":
        return f"{name} changed most upwards: {value:+.1f}% on the period before"
    return None


def against_london_finding(rates: pd.DataFrame, borough_name: str, strand: str) -> str | None:
    """`rates`: area_strand_rates (area borough / group / london)."""
    by_area = {area: rate for area, key, rate in zip(rates.area.tolist(), rates.strand.tolist(),
                                                     rates.rate_per_1000_per_year.tolist()) if key == strand}
    if "borough" not in by_area or "london" not in by_area or not by_area["london"]:
        return None
    ratio = by_area["borough"] / by_area["london"]
    what = STRANDS[strand].short_label
    if abs(ratio - 1) < 0.05:
        return f"{borough_name}'s {what.lower()} rate is close to London's ({by_area['borough']:.2f} {RATE_UNIT})"
    side = "above" if ratio > 1 else "below"
    return (f"{borough_name}'s {what.lower()} rate, {by_area['borough']:.2f} {RATE_UNIT}, is "
            f"{side} London's {by_area['london']:.2f}")
