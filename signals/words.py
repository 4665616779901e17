"""A signal in words, as a meeting says it: "Islamophobic offences in Camden in June
2019: above its expected range"."""

from __future__ import annotations

import pandas as pd

from queries.strands import STRANDS
from signals.identity import DAYS_AFTER, LONDON, METHOD_WORDS, ROLLING_CHANGE, Signal
from stands_out.sentences import offence_noun


def area_name(signal: Signal, names: dict[str, str]) -> str:
    return "London" if signal.area == LONDON else names.get(signal.area, signal.area)


def period_words(signal: Signal) -> str:
    if signal.method == ROLLING_CHANGE:
        first, last = signal.period.split("..")
        return f"the 12 months {pd.Timestamp(first):%b %Y} to {pd.Timestamp(last):%b %Y}"
    if signal.method == DAYS_AFTER:
        return f"the days from {pd.Timestamp(signal.period):%-d %B %Y}"
    return f"{pd.Timestamp(signal.period):%B %Y}"


def signal_title(signal: Signal, names: dict[str, str]) -> str:
    noun = offence_noun(signal.strand) if signal.strand in STRANDS else f"{signal.strand} offences"
    return f"{noun} in {area_name(signal, names)} in {period_words(signal)}: {METHOD_WORDS[signal.method]}"
