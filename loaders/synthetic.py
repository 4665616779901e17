"""A deterministic, seeded generator of synthetic incident-level hate crime.

The figures it makes are NOT real. They only have the shape of London's hate crime, so
that every view of the dashboard can be shown and tested: boroughs spread by population
with more per head in central London, a strand mix close to the Met's, 2-4% of offences
carrying two or more strands, seasonality, a rising long-term trend, and spikes in the
days after the events in reference/events.csv. Every offence also gets an outcome and a
point inside its borough (loaders/synthetic_places.py), both assumed, not real.
"""

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geodata.hex_grid import hex_cell_ids
from loaders.synthetic_places import synthetic_points
from queries.strands import CORE_STRANDS

DEFAULT_SEED = 20160101
FIRST_DAY = dt.date(2016, 1, 1)

# London-wide offences a year at the start of 2016; the trend lifts this towards ~28,000.
BASE_OFFENCES_PER_YEAR = 21_000
ANNUAL_GROWTH = 0.03

# The primary strand an offence is drawn with. Religion is split into its sub-strands
# so that faith spikes can hit one community and not the other. Shares are of offences.
PRIMARY_MIX = {
    "race": 0.765,
    "antisemitic": 0.033,
    "islamophobic": 0.028,
    "other_faith": 0.016,
    "sexual_orientation": 0.118,
    "transgender": 0.015,
    "disability": 0.027,
}

# Chance an offence carries a second strand, and which one given the first:
# race with faith is the commonest compound, as in published Home Office figures.
MULTI_STRAND_SHARE = 0.03
SECOND_STRAND_GIVEN_RACE = {"religion": 0.55, "sexual_orientation": 0.25, "disability": 0.15, "transgender": 0.05}
SECOND_STRAND_OTHERWISE = {"race": 0.8, "disability": 0.2}

OFFENCE_TYPES = {
    "Public order": 0.55,
    "Violence against the person": 0.33,
    "Criminal damage": 0.07,
    "Other": 0.05,
}

# Relative offences per resident; central boroughs see more (night-time economy,
# visitors and commuters).
PER_HEAD_WEIGHT = {
    "E09000033": 3.0,   # Westminster
    "E09000007": 1.8,   # Camden
    "E09000019": 1.6,   # Islington
    "E09000012": 1.5,   # Hackney
    "E09000022": 1.5,   # Lambeth
    "E09000028": 1.5,   # Southwark
    "E09000030": 1.4,   # Tower Hamlets
    "E09000020": 1.3,   # Kensington and Chelsea
    "E09000013": 1.3,   # Hammersmith and Fulham
}
INNER_DEFAULT_WEIGHT = 1.25
OUTER_DEFAULT_WEIGHT = 0.85

# Where a strand is more common than London's mix (community geography and venues).
STRAND_BOROUGH_BIAS = {
    "antisemitic": {"E09000003": 4.0, "E09000012": 3.0, "E09000014": 1.8, "E09000007": 1.6, "E09000005": 1.5},
    "islamophobic": {"E09000030": 2.5, "E09000025": 2.2, "E09000026": 1.6, "E09000031": 1.6, "E09000005": 1.4},
    "sexual_orientation": {"E09000033": 2.2, "E09000022": 2.0, "E09000007": 1.5, "E09000012": 1.4, "E09000028": 1.3},
}

MONTH_SEASONALITY = [0.88, 0.86, 0.95, 0.98, 1.04, 1.08, 1.15, 1.10, 1.03, 1.02, 0.96, 0.93]


@dataclass(frozen=True)
class EventEffect:
    start: dt.date
    multipliers: dict  # primary strand -> extra multiple at the peak
    half_life_days: float
    lasting: dict | None = None  # primary strand -> lasting multiple after the event


# The shape of the reactions reported after each event in reference/events.csv.
EVENT_EFFECTS = [
    EventEffect(dt.date(2016, 6, 24), {"race": 0.9, "other_faith": 0.4}, 12),
    EventEffect(dt.date(2017, 3, 23), {"islamophobic": 2.0}, 5),
    EventEffect(dt.date(2017, 5, 23), {"islamophobic": 3.0}, 6),
    EventEffect(dt.date(2017, 6, 4), {"islamophobic": 4.0, "race": 0.2}, 7),
    EventEffect(dt.date(2017, 6, 20), {"islamophobic": 2.0}, 5),
    EventEffect(dt.date(2019, 3, 16), {"islamophobic": 1.5}, 5),
    EventEffect(dt.date(2021, 7, 12), {"race": 1.0}, 3),
    EventEffect(dt.date(2023, 10, 8), {"antisemitic": 6.0, "islamophobic": 2.5}, 20,
                lasting={"antisemitic": 1.0, "islamophobic": 0.5}),
    EventEffect(dt.date(2024, 7, 31), {"race": 0.8, "islamophobic": 2.0}, 6),
]
LOCKDOWN = (dt.date(2020, 3, 23), dt.date(2020, 6, 15), 0.75)

# How offences end: ASSUMED shares with the rough shape of Home Office hate crime outcome
# statistics (few charged; most closed for evidential difficulties or with no suspect).
OUTCOME_SHARES = {
    "Charge/summons": 0.09,
    "Caution": 0.015,
    "Community resolution": 0.035,
    "Penalty notice for disorder": 0.005,
    "Evidential difficulties: victim does not support action": 0.33,
    "Evidential difficulties: suspect identified, victim supports action": 0.17,
    "Investigation complete: no suspect identified": 0.30,
    "Other outcome": 0.055,
}
# An outcome comes weeks or months after the offence: an offence this many days before
# the end of the data has even odds of still being under investigation (assumed).
OUTCOME_HALF_LIFE_DAYS = 45
PENDING_OUTCOME = "Under investigation (no outcome yet)"
# Locations and outcomes draw from their own random streams, so adding them left every
# other synthetic column exactly as it was for the same seed.
LOCATION_STREAM, OUTCOME_STREAM = 1, 2


def last_full_month(today: dt.date | None = None) -> dt.date:
    today = today or dt.date.today()
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def _month_end(first_of_month: dt.date) -> dt.date:
    next_month = (first_of_month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return next_month - dt.timedelta(days=1)


def _borough_weights(boroughs: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    per_head = np.array([
        PER_HEAD_WEIGHT.get(code, INNER_DEFAULT_WEIGHT if group == "Inner" else OUTER_DEFAULT_WEIGHT)
        for code, group in zip(boroughs.gss_code, boroughs.london_group)
    ])
    variation = rng.lognormal(mean=0.0, sigma=0.15, size=len(boroughs))
    weights = boroughs.population_mid2021.to_numpy() * per_head * variation
    return weights / weights.sum()


def _daily_strand_multipliers(days: pd.DatetimeIndex, strand_keys: list[str]) -> np.ndarray:
    """Per day and primary strand: trend x season x weekday x events."""
    years = (days - pd.Timestamp(FIRST_DAY)).days.to_numpy() / 365.25
    trend = (1 + ANNUAL_GROWTH) ** years
    season = np.array(MONTH_SEASONALITY)[days.month.to_numpy() - 1]
    weekday = np.where(days.day_of_week.to_numpy() >= 5, 1.08, 0.97)
    base = trend * season * weekday
    lockdown = np.where((days >= pd.Timestamp(LOCKDOWN[0])) & (days <= pd.Timestamp(LOCKDOWN[1])), LOCKDOWN[2], 1.0)
    base = base * lockdown

    multipliers = np.repeat(base[:, None], len(strand_keys), axis=1)
    for effect in EVENT_EFFECTS:
        since = (days - pd.Timestamp(effect.start)).days.to_numpy().astype(float)
        after = since >= 0
        decay = np.where(after, 0.5 ** (np.clip(since, 0, None) / effect.half_life_days), 0.0)
        for strand, peak in effect.multipliers.items():
            column = strand_keys.index(strand)
            lasting = (effect.lasting or {}).get(strand, 0.0)
            multipliers[:, column] *= 1 + peak * decay + np.where(after, lasting * (1 - decay), 0.0)
    return multipliers


def generate_incidents(boroughs: pd.DataFrame, *, end_month: dt.date,
                       seed: int = DEFAULT_SEED, scale: float = 1.0,
                       start: dt.date = FIRST_DAY) -> pd.DataFrame:
    """Synthetic offences from `start` to the end of `end_month`, one row per offence.

    `boroughs` holds the 32 Met boroughs (gss_code, london_group, population_mid2021).
    `scale` multiplies the volume (benchmarks build stores of millions of rows with it).
    The same arguments always give the same rows.
    """
    rng = np.random.default_rng(seed)
    boroughs = boroughs.sort_values("gss_code").reset_index(drop=True)
    days = pd.date_range(start, _month_end(end_month), freq="D")
    strand_keys = list(PRIMARY_MIX)

    borough_share = _borough_weights(boroughs, rng)
    strand_share = np.array([PRIMARY_MIX[k] for k in strand_keys])
    bias = np.ones((len(boroughs), len(strand_keys)))
    for strand, by_borough in STRAND_BOROUGH_BIAS.items():
        for code, factor in by_borough.items():
            bias[boroughs.index[boroughs.gss_code == code], strand_keys.index(strand)] = factor
    # Keep each strand's London-wide share where PRIMARY_MIX puts it after the bias.
    bias /= (borough_share[:, None] * bias).sum(axis=0, keepdims=True)

    per_day = BASE_OFFENCES_PER_YEAR / 365.25 * scale
    expected = (per_day
                * _daily_strand_multipliers(days, strand_keys)[:, None, :]
                * borough_share[None, :, None] * bias[None, :, :]
                * strand_share[None, None, :])
    counts = rng.poisson(expected)  # days x boroughs x primary strands

    day_index, borough_index, strand_index = np.nonzero(counts)
    repeats = counts[day_index, borough_index, strand_index]
    day_index = np.repeat(day_index, repeats)
    borough_index = np.repeat(borough_index, repeats)
    primary = np.array(strand_keys)[np.repeat(strand_index, repeats)]
    n = len(primary)

    flags = {key: np.zeros(n, dtype=bool) for key in CORE_STRANDS}
    flags["race"] |= primary == "race"
    flags["sexual_orientation"] |= primary == "sexual_orientation"
    flags["transgender"] |= primary == "transgender"
    flags["disability"] |= primary == "disability"
    flags["antisemitic"] |= primary == "antisemitic"
    flags["islamophobic"] |= primary == "islamophobic"
    flags["religion"] |= np.isin(primary, ["antisemitic", "islamophobic", "other_faith"])

    has_second = rng.random(n) < MULTI_STRAND_SHARE
    _add_second_strand(flags, has_second & (primary == "race"), SECOND_STRAND_GIVEN_RACE, rng)
    _add_second_strand(flags, has_second & (primary != "race"), SECOND_STRAND_OTHERWISE, rng)

    offence_types = rng.choice(list(OFFENCE_TYPES), size=n, p=list(OFFENCE_TYPES.values()))
    order = np.lexsort((borough_index, day_index))
    frame = pd.DataFrame({
        "offence_date": days.to_numpy()[day_index].astype("datetime64[D]"),
        "gss_code": boroughs.gss_code.to_numpy()[borough_index],
        "offence_type": offence_types,
        **{f"is_{key}": flags[key] for key in CORE_STRANDS},
    }).iloc[order].reset_index(drop=True)
    frame.insert(0, "incident_id", [f"DEMO-{i:08d}" for i in range(1, n + 1)])
    frame["outcome"] = _outcomes(frame.offence_date.to_numpy(), _month_end(end_month),
                                 np.random.default_rng([seed, OUTCOME_STREAM]))
    easting, northing = synthetic_points(frame.gss_code.to_numpy(), np.random.default_rng([seed, LOCATION_STREAM]))
    frame["easting"], frame["northing"] = easting, northing
    frame["hex_cell"] = hex_cell_ids(easting, northing)
    return frame


def _outcomes(offence_dates: np.ndarray, last_day: dt.date, rng: np.random.Generator) -> np.ndarray:
    """An outcome per offence; recent offences are more often still under investigation."""
    age_days = (np.datetime64(last_day, "D") - offence_dates.astype("datetime64[D]")).astype(float)
    pending = rng.random(len(age_days)) < 0.5 ** (age_days / OUTCOME_HALF_LIFE_DAYS)
    outcomes = rng.choice(np.array(list(OUTCOME_SHARES), dtype=object), size=len(age_days),
                          p=list(OUTCOME_SHARES.values()))
    outcomes[pending] = PENDING_OUTCOME
    return outcomes


def _add_second_strand(flags, rows, choices, rng):
    picks = rng.choice(list(choices), size=int(rows.sum()), p=list(choices.values()))
    row_positions = np.flatnonzero(rows)
    for key in choices:
        chosen = row_positions[picks == key]
        flags[key][chosen] = True
        if key == "religion":
            # A faith flag names its community where the victim's faith is known.
            sub = rng.choice(["antisemitic", "islamophobic", "none"], size=len(chosen), p=[0.4, 0.45, 0.15])
            flags["antisemitic"][chosen[sub == "antisemitic"]] = True
            flags["islamophobic"][chosen[sub == "islamophobic"]] = True
