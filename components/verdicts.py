"""A change's verdict as the pages show it: a marker shape, the % change and the words
("▲ +64.3%, significant rise"), never colour alone, and the sentence naming the test and
its false alarm rate, to sit near every verdict (stands_out/change_test.py)."""

import pandas as pd
from dash import html

from stands_out.change_test import (CHANGE_TEST_SENTENCE, SIGNIFICANT_FALL, SIGNIFICANT_RISE, VERDICT_MARKERS,
                                    VERDICTS)

# For tables sorted by verdict: changes beyond chance first (rises, then falls), then
# those within normal variation, then those with too few offences to judge.
VERDICT_ORDER = {verdict: position for position, verdict in enumerate(VERDICTS)}

# A table's verdict filter (Compare): value -> (label, the verdict kept; None keeps every row).
ALL_VERDICTS = "all"
VERDICT_FILTERS = {ALL_VERDICTS: ("All boroughs", None),
                   "rises": ("Significant rises", SIGNIFICANT_RISE),
                   "falls": ("Significant falls", SIGNIFICANT_FALL)}


def verdict_words(verdict: str) -> str:
    """"▲ significant rise": the marker and the words, for table cells and CSV files."""
    return f"{VERDICT_MARKERS[verdict]} {verdict}"


def change_words(change_pct) -> str:
    """"+3.2%"; a change that rounds to nothing is "0.0%", never "-0.0%"."""
    if pd.isna(change_pct):
        return "no earlier figure"
    return "0.0%" if round(float(change_pct), 1) == 0 else f"{change_pct:+.1f}%"


def change_with_verdict(change_pct, verdict: str) -> html.Span:
    """The marker beside the %, then the verdict in words. The marker is hidden from
    screen readers: the words say the same."""
    return html.Span([
        html.Span(VERDICT_MARKERS[verdict], className="verdict-marker", **{"aria-hidden": "true"}),
        f" {change_words(change_pct)}, ",
        html.Span(verdict, className="verdict-words"),
    ], className="fw-semibold verdict")


def change_test_note(**kwargs) -> html.P:
    """CHANGE_TEST_SENTENCE, small, for under the cards and tables that carry verdicts."""
    return html.P(CHANGE_TEST_SENTENCE, className="small text-muted change-test-note", **kwargs)
