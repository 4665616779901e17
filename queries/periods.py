"""Month ranges: the period a user chose and the one before it."""

import datetime as dt
from dataclasses import dataclass

ROLLING_MONTHS = 12  # the Met's and every borough pack's "rolling 12 months"


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(start: dt.date, end: dt.date) -> int:
    """How many months from `start` to `end`, both included."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


@dataclass(frozen=True)
class Period:
    """Whole months, `start` and `end` both included, each as the first of its month."""

    start: dt.date
    end: dt.date

    def __post_init__(self):
        if self.start.day != 1 or self.end.day != 1:
            raise ValueError("a period runs between first days of months")
        if self.start > self.end:
            raise ValueError("a period cannot end before it starts")

    @property
    def months(self) -> int:
        return months_between(self.start, self.end)

    def previous(self) -> "Period":
        """The same number of months immediately before."""
        return Period(add_months(self.start, -self.months), add_months(self.start, -1))

    def same_months_a_year_earlier(self) -> "Period":
        return Period(add_months(self.start, -12), add_months(self.end, -12))

    @property
    def end_exclusive(self) -> dt.date:
        return add_months(self.end, 1)

    @property
    def label(self) -> str:
        if self.start == self.end:
            return f"{self.start:%b %Y}"
        return f"{self.start:%b %Y} to {self.end:%b %Y}"

    @property
    def slug(self) -> str:
        return f"{self.start:%Y-%m}_to_{self.end:%Y-%m}"


def rolling_12_months(end: dt.date) -> Period:
    return Period(add_months(end, -(ROLLING_MONTHS - 1)), end)
