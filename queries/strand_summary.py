"""How many offences each strand had in an area: a period against the one before it.

Strand rows overlap (one offence can carry several strands); "all" is the count of
distinct offences and is never the sum of the strand rows.
"""

import numpy as np
import pandas as pd

from queries.monthly_cube import borough_facts, monthly_cube, sql_round
from queries.periods import Period
from queries.rates import annual_rate_per_1000, months_with_data
from queries.store import answered_once


@answered_once
def strand_period_comparison(cursor, *, dataset_id: int, current: Period, previous: Period,
                             strands: list[str], gss_codes: list[str] | None = None) -> pd.DataFrame:
    """Per strand: offences in `current` and in `previous`, and the % change (none when
    the previous period had no offences, or when the current one has no figures at all).

    `gss_codes` None means all of London (the 32 Met boroughs).
    """
    cube = monthly_cube(cursor, dataset_id)
    rows = []
    for strand in strands:
        counts = cube.strand(strand)
        chosen = counts.in_areas(gss_codes)
        now = counts.offences[counts.in_period(current.start, current.end) & chosen]
        before = counts.offences[counts.in_period(previous.start, previous.end) & chosen]
        # As SQL's sum(): no rows is no figure (NULL), not zero.
        rows.append((strand, int(now.sum()), int(before.sum()), len(now) > 0, len(before) > 0))
    offences = np.array([row[1] for row in rows], dtype="int64")
    previous_offences = np.array([row[2] for row in rows], dtype="int64")
    comparable = np.array([row[3] and row[4] for row in rows], dtype=bool) & (previous_offences > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        change = sql_round(100.0 * (offences - previous_offences) / previous_offences, 1)
    return pd.DataFrame({"strand": pd.array([row[0] for row in rows], dtype="str"), "offences": offences,
                         "previous_offences": previous_offences,
                         "change_pct": np.where(comparable, change, np.nan)})


@answered_once
def area_strand_rates(cursor, *, dataset_id: int, period: Period, strands: list[str],
                      gss_code: str, group_codes: list[str] | None = None) -> pd.DataFrame:
    """Per strand: rate per 1,000 residents per year in the borough, its comparison group
    (`group_codes`, by default its inner/outer London) and London (32 Met boroughs), for
    the profile's "against London" comparison. Each area's rate is its own offences over
    its own residents."""
    boroughs = borough_facts(cursor)
    met = boroughs[boroughs.policed_by_met]
    place = boroughs[boroughs.gss_code == gss_code]
    group = (met[met.london_group.isin(place.london_group)] if group_codes is None
             else met[met.gss_code.isin(list(group_codes))])
    # An area with no boroughs (a code that is none) has no row, as it has no residents.
    areas = [(name, members.gss_code.tolist(), float(members.population_mid2021.sum()))
             for name, members in (("borough", place), ("group", group), ("london", met)) if len(members)]
    cube = monthly_cube(cursor, dataset_id)
    rows = []
    for strand in strands:
        counts = cube.strand(strand)
        in_period = counts.in_period(period.start, period.end)
        for name, codes, residents in areas:
            offences = counts.offences[in_period & counts.in_areas(codes)]
            rows.append((name, strand, int(offences.sum()), residents))
    frame = pd.DataFrame({"area": pd.array([row[0] for row in rows], dtype="str"),
                          "strand": pd.array([row[1] for row in rows], dtype="str"),
                          "offences": np.array([row[2] for row in rows], dtype="int64"),
                          "population": np.array([row[3] for row in rows], dtype="float64")})
    months = frame.strand.map(months_with_data(cursor, dataset_id=dataset_id, period=period, strands=strands))
    frame["rate_per_1000_per_year"] = annual_rate_per_1000(frame.offences.astype(float), frame.population, months)
    frame["months_of_data"] = months.astype(int)
    return frame
