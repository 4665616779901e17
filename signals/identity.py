"""A signal's identity: what it is about, never where the store keeps it.

A month above its expected range in Camden's race offences is the same signal after the
store is rebuilt, after a new release revises that month's figure, and after its dataset
is removed and loaded again: dataset ids and row ids change with each of those, so the
identity is made only of the basis (published figures, an incident extract, or synthetic
data: a review of the synthetic demo must never attach to real figures), the area (a
borough's GSS code, or "London" for the 32 Met boroughs together), the strand, the
period (a month "YYYY-MM", 12 months "YYYY-MM..YYYY-MM", or a day "YYYY-MM-DD") and the
method that found it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from security.bad_request import BadRequest

LONDON = "London"
ABOVE_RANGE = "above-expected-range"
ROLLING_CHANGE = "rolling-12-month-change"
DAYS_AFTER = "days-after-event"
METHOD_WORDS = {ABOVE_RANGE: "above its expected range",
                ROLLING_CHANGE: "a significant change over the rolling 12 months",
                DAYS_AFTER: "above normal in the days after an event"}
BASES = ("published", "incidents", "synthetic")
SEPARATOR = "/"

GSS_CODE = re.compile(r"^E0[0-9]{7}$")
STRAND_NAME = re.compile(r"^[a-z_]{1,40}$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
TWELVE_MONTHS = re.compile(r"^(\d{4}-\d{2})\.\.(\d{4}-\d{2})$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_ID_CHARACTERS = 120


@dataclass(frozen=True, order=True)
class Signal:
    basis: str
    area: str      # a GSS code, or LONDON
    strand: str
    period: str    # "2024-07", "2023-08..2024-07" or "2024-07-14"
    method: str

    @property
    def signal_id(self) -> str:
        return SEPARATOR.join((self.basis, self.area, self.strand, self.period, self.method))

    @property
    def month(self) -> dt.date | None:
        """The month of an above-range signal (the last month of a rolling change)."""
        last = self.period.split("..")[-1]
        found = MONTH.match(last[:7])
        return dt.date(int(found.group(1)), int(found.group(2)), 1) if found else None


def basis_of(dataset) -> str:
    """The basis of a dataset (queries/datasets.Dataset, or a row of loaded_datasets)."""
    return "synthetic" if bool(dataset.is_synthetic) else str(dataset.kind)


def store_area(area: str) -> str:
    """The area as the store keeps it in expected_counts ('london' for London)."""
    return "london" if area == LONDON else area


def signal_area(stored_area: str) -> str:
    return LONDON if stored_area == "london" else stored_area


def month_period(month) -> str:
    return f"{_as_date(month):%Y-%m}"


def above_range_signal(basis: str, stored_area: str, strand: str, month) -> Signal:
    return Signal(basis, signal_area(stored_area), strand, month_period(month), ABOVE_RANGE)


def rolling_change_signal(basis: str, stored_area: str, strand: str, first_month, last_month) -> Signal:
    return Signal(basis, signal_area(stored_area), strand, f"{month_period(first_month)}..{month_period(last_month)}",
                  ROLLING_CHANGE)


def days_after_signal(basis: str, stored_area: str, strand: str, day) -> Signal:
    return Signal(basis, signal_area(stored_area), strand, f"{_as_date(day):%Y-%m-%d}", DAYS_AFTER)


def parse_signal_id(raw) -> Signal:
    """A signal id from a request, every part checked; anything else is a BadRequest."""
    if not isinstance(raw, str) or not 0 < len(raw) <= MAX_ID_CHARACTERS:
        raise BadRequest("Say which signal: its id, as the dashboard's links write it.")
    parts = raw.split(SEPARATOR)
    if len(parts) != 5:
        raise BadRequest("A signal id has five parts: basis, area, strand, period and method.")
    basis, area, strand, period, method = parts
    if basis not in BASES:
        raise BadRequest(f"A signal's basis is one of {', '.join(BASES)}.")
    if area != LONDON and not GSS_CODE.match(area):
        raise BadRequest("A signal's area is London or a borough's GSS code (E09000007 for Camden).")
    if not STRAND_NAME.match(strand):
        raise BadRequest("A signal's strand is a strand's name, such as race or disability.")
    if method not in METHOD_WORDS:
        raise BadRequest(f"A signal's method is one of {', '.join(METHOD_WORDS)}.")
    if not _period_fits(method, period):
        raise BadRequest("That signal's period is not a month (YYYY-MM), 12 months (YYYY-MM..YYYY-MM) or a day "
                         "(YYYY-MM-DD) that its method finds.")
    return Signal(basis, area, strand, period, method)


def _period_fits(method: str, period: str) -> bool:
    try:
        if method == ABOVE_RANGE:
            return bool(MONTH.match(period)) and _month(period) is not None
        if method == ROLLING_CHANGE:
            found = TWELVE_MONTHS.match(period)
            return bool(found) and None not in (_month(found.group(1)), _month(found.group(2)))
        return bool(DAY.match(period)) and dt.date.fromisoformat(period) is not None
    except ValueError:
        return False


def _month(text: str) -> dt.date | None:
    found = MONTH.match(text)
    if not found or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 1900:
        return None
    return dt.date(int(found.group(1)), int(found.group(2)), 1)


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return pd.Timestamp(value).date()
