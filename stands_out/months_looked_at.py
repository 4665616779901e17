"""Which months "What stands out" looks at: the last month of the chosen period (the
latest month, with the default filters), or every month of the period."""

from queries.periods import Period

LAST_MONTH, CHOSEN_PERIOD = "last-month", "period"
CHOICES = [
    {"label": "The last month of the period chosen above", "value": LAST_MONTH},
    {"label": "Every month of the period", "value": CHOSEN_PERIOD},
]


def months_looked_at(choice: str | None, chosen: Period) -> Period:
    """Anything but CHOSEN_PERIOD (a crafted request included) means the last month."""
    return chosen if choice == CHOSEN_PERIOD else Period(chosen.end, chosen.end)
