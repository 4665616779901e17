"""How each borough compares: offences, change on the previous period, rate and rank."""

import numpy as np
import pandas as pd

from queries.monthly_cube import borough_facts, monthly_cube
from queries.periods import Period
from queries.rates import annual_rate_per_1000, months_with_data
from queries.store import answered_once, fetch_df

# The 32 Met boroughs, with offences in the period and the period before it; the City
# of London has no Met data and is left out here, never counted as zero.
_BOROUGH_PERIODS_SQL = """
    WITH counts AS (
        SELECT gss_code,
               sum(offences) FILTER (WHERE month BETWEEN $start AND $end) AS offences,
               sum(offences) FILTER (WHERE month BETWEEN $previous_start AND $previous_end) AS previous_offences
        FROM monthly_counts
        WHERE dataset_id = $dataset_id AND strand = $strand
          AND month BETWEEN $previous_start AND $end
        GROUP BY gss_code
    )
    SELECT b.gss_code, b.name, b.slug, b.london_group, b.population_mid2021,
           coalesce(c.offences, 0)::BIGINT AS offences,
           coalesce(c.previous_offences, 0)::BIGINT AS previous_offences
    FROM boroughs b LEFT JOIN counts c USING (gss_code)
    WHERE b.policed_by_met
"""


def borough_period_summary(cursor, *, dataset_id: int, period: Period, strand: str) -> pd.DataFrame:
    """One row per Met borough: offences in the period and the previous period of the same
    length, % change, rate per 1,000 residents per year (over the months of data in the
    period, rounded as shown) and rank by rate (1 = highest)."""
    previous = period.previous()
    frame = fetch_df(cursor, f"""
        WITH periods AS ({_BOROUGH_PERIODS_SQL})
        SELECT *,
               CASE WHEN previous_offences > 0
                    THEN round(100.0 * (offences - previous_offences) / previous_offences, 1) END AS change_pct,
               rank() OVER (ORDER BY offences / population_mid2021 DESC)::INTEGER AS rank_by_rate,
               rank() OVER (ORDER BY offences DESC)::INTEGER AS rank_by_count
        FROM periods
        ORDER BY name
    """, {"dataset_id": dataset_id, "strand": strand, "start": period.start, "end": period.end,
          "previous_start": previous.start, "previous_end": previous.end})
    months = months_with_data(cursor, dataset_id=dataset_id, period=period, strands=[strand])[strand]
    rates = annual_rate_per_1000(frame.offences.astype(float), frame.population_mid2021, months)
    frame.insert(frame.columns.get_loc("change_pct") + 1, "rate_per_1000_per_year", rates.round(2))
    frame["months_of_data"] = months
    return frame


def _ranks(values: np.ndarray) -> np.ndarray:
    """SQL's rank() by value, highest first: 1 + how many are strictly higher."""
    return 1 + (values[None, :] > values[:, None]).sum(axis=1)


@answered_once
def borough_strand_rates(cursor, *, dataset_id: int, period: Period, strands: list[str]) -> pd.DataFrame:
    """Per borough and strand: offences, rate per 1,000 residents per year and rank by rate
    among the 32."""
    boroughs = borough_facts(cursor)
    met = boroughs[boroughs.policed_by_met].sort_values("name", kind="stable")
    codes, population = met.gss_code.tolist(), met.population_mid2021.to_numpy(dtype="int64")
    cube = monthly_cube(cursor, dataset_id)
    columns = {"gss_code": [], "name": [], "london_group": [], "strand": [], "population_mid2021": [],
               "offences": [], "rank_by_rate": []}
    for strand in sorted(set(strands)):
        # A strand asked twice is listed twice, each borough's rows together, and ranked
        # among both copies: as the SQL grid of boroughs and strands gave it.
        times = list(strands).count(strand)
        offences = np.repeat(cube.strand(strand).sums_by_area(period.start, period.end, codes), times)
        columns["offences"].append(offences)
        columns["rank_by_rate"].append(_ranks(offences / np.repeat(population, times)))
        columns["population_mid2021"].append(np.repeat(population, times))
        for key, values in (("gss_code", codes), ("name", met.name.tolist()), ("london_group", met.london_group.tolist())):
            columns[key] += [value for value in values for _ in range(times)]
        columns["strand"] += [strand] * (len(codes) * times)
    joined = {key: np.concatenate(columns[key]) if columns[key] else np.array([], "int64")
              for key in ("offences", "rank_by_rate", "population_mid2021")}
    frame = pd.DataFrame({
        **{key: pd.array(columns[key], dtype="str") for key in ("gss_code", "name", "london_group", "strand")},
        "population_mid2021": joined["population_mid2021"].astype("int32"),
        "offences": joined["offences"].astype("int64"),
        "rank_by_rate": joined["rank_by_rate"].astype("int32"),
    })
    months = frame.strand.map(months_with_data(cursor, dataset_id=dataset_id, period=period, strands=strands))
    frame.insert(frame.columns.get_loc("offences") + 1, "rate_per_1000_per_year",
                 annual_rate_per_1000(frame.offences.astype(float), frame.population_mid2021, months))
    frame["months_of_data"] = months.astype(int)
    return frame
