"""The Met's change of crime recording system: CONNECT replaced CRIS on 28 February
2024. Hate crime figures before and after March 2024 are not directly comparable (since
then borough means where the offence happened, and hate crime totals leave out records
flagged only as domestic abuse), so charts mark the break and comparisons across it say so.
"""

import datetime as dt

from queries.periods import Period

CONNECT_LIVE_DATE = dt.date(2024, 2, 28)  # CONNECT went live; charts draw the line here
CONNECT_BREAK_MONTH = dt.date(2024, 3, 1)  # the first whole month recorded on CONNECT

CONNECT_BREAK_SENTENCE = ("The Met moved to a new crime recording system, CONNECT, on 28 February 2024: "
                          "hate crime figures before and after March 2024 are not directly comparable.")
CONNECT_BREAK_LABEL = "New recording system (CONNECT), Mar 2024"
STRADDLES_SENTENCE = ("These periods fall on both sides of the Met's move to CONNECT in March 2024, so the "
                      "figures are not directly comparable.")


def spans_connect_break(period: Period) -> bool:
    """True when the period has months both before and from March 2024."""
    return period.start < CONNECT_BREAK_MONTH <= period.end


def straddles_connect_break(current: Period, previous: Period) -> bool:
    """True when a comparison of the two periods mixes months before and from March 2024:
    one period before the break and the other after, or either spanning it."""
    return min(current.start, previous.start) < CONNECT_BREAK_MONTH <= max(current.end, previous.end)


def comparison_caveat(current: Period, previous: Period) -> str | None:
    """The sentence a card, Compare table, CSV or pack shows beside a comparison, or None."""
    return STRADDLES_SENTENCE if straddles_connect_break(current, previous) else None
