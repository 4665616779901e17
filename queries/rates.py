"""Rates per 1,000 residents per year: the one place a rate is worked out.

A rate over a period is stated per year, or a 35-month period and a 12-month one cannot
be compared (27 per 1,000 over 35 months is 9.4 a year). The months counted are the
months the data covers in the period, for that strand: a published series has no figures
for months no release covered, and an incident extract covers its first to its last month.
"""

import numpy as np
import pandas as pd

from queries.monthly_cube import dataset_kind, monthly_cube
from queries.periods import Period
from queries.store import fetch_df, fetch_store_fact
from queries.time_series import monthly_offences

RATE_UNIT = "per 1,000 residents per year"
RATE_LABEL = f"Rate {RATE_UNIT}"
RATE_AXIS = f"Offences {RATE_UNIT}"
RESIDENTS_PER_RATE = 1000
MONTHS_PER_YEAR = 12


def annual_rate_per_1000(offences, residents, months):
    """Offences in `months` months among `residents` people, per 1,000 residents per year.
    Scalars or pandas Series; no months of data gives no rate (NaN), never a division by zero."""
    if isinstance(months, pd.Series):
        months = months.where(months > 0)
    elif not months:
        return float("nan")
    return RESIDENTS_PER_RATE * offences / residents * MONTHS_PER_YEAR / months


def months_with_data(cursor, *, dataset_id: int, period: Period, strands: list[str]) -> dict[str, int]:
    """strand -> how many months of `period` the dataset has figures for: for published
    counts the months with a row for the strand (a month nobody published is no month of
    data), for an incident extract the months of the period between its first and last."""
    kind = dataset_kind(cursor, dataset_id)
    if kind == "published":
        cube = monthly_cube(cursor, dataset_id)
        found = {}
        for strand in strands:
            counts = cube.strand(strand)
            found[strand] = len(np.unique(counts.month[counts.in_period(period.start, period.end)]))
        return found
    span = fetch_store_fact(cursor, "SELECT first_month, last_month FROM datasets WHERE dataset_id = $dataset_id",
                            {"dataset_id": dataset_id})
    months = 0
    if not span.empty and not span.isna().any(axis=None):
        first = max(pd.Timestamp(period.start), pd.Timestamp(span.first_month.iloc[0]))
        last = min(pd.Timestamp(period.end), pd.Timestamp(span.last_month.iloc[0]))
        months = max(0, (last.year - first.year) * 12 + last.month - first.month + 1)  # DuckDB's datediff('month')
    return {strand: months for strand in strands}


def monthly_rates(cursor, *, dataset_id: int, period: Period, strand: str,
                  gss_codes: list[str] | None) -> pd.DataFrame:
    """month, offences, residents, rate_per_1000_per_year: each month's offences of one
    strand across `gss_codes` (None: the 32 Met boroughs) over their residents, as a rate a
    year. Boroughs' counts of one strand add up (an offence is in one borough); strands are
    never added. A month with no figures (a published gap) has no rate."""
    series = monthly_offences(cursor, dataset_id=dataset_id, period=period, strands=[strand], gss_codes=gss_codes)
    residents = fetch_store_fact(cursor, """
        SELECT sum(population_mid2021)::BIGINT AS residents FROM boroughs
        WHERE policed_by_met AND ($gss_codes IS NULL OR list_contains($gss_codes, gss_code))
    """, {"gss_codes": gss_codes}).residents.iloc[0]
    frame = series[["month", "offences"]].copy()
    frame["residents"] = int(residents)
    frame["rate_per_1000_per_year"] = annual_rate_per_1000(frame.offences.astype(float), frame.residents, 1)
    return frame
