"""The demo gives every offence an outcome and a point inside its borough's real
boundary, denser around the named town centres; the same seed gives the same places."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from geodata.british_grid import to_british_grid
from geodata.hex_grid import hex_cell_ids
from geodata.point_checks import misplaced_points
from loaders.synthetic import OUTCOME_SHARES, PENDING_OUTCOME, generate_incidents
from loaders.synthetic_places import TOWN_CENTRES
from queries.schema import BOROUGHS_CSV

SUTTON = "E09000029"


@pytest.fixture(scope="module")
def boroughs():
    frame = pd.read_csv(BOROUGHS_CSV)
    return frame[frame.policed_by_met].reset_index(drop=True)


@pytest.fixture(scope="module")
def half_year(boroughs):
    return generate_incidents(boroughs, start=dt.date(2025, 1, 1), end_month=dt.date(2025, 6, 1))


def test_every_synthetic_offence_lies_inside_its_recorded_borough(half_year):
    assert half_year.easting.notna().all() and half_year.northing.notna().all()
    assert len(misplaced_points(half_year.easting, half_year.northing, half_year.gss_code)) == 0
    assert half_year.hex_cell.tolist() == hex_cell_ids(half_year.easting, half_year.northing).tolist()


def test_offences_gather_around_town_centres(half_year):
    sutton = half_year[half_year.gss_code == SUTTON]
    centre = np.array(to_british_grid(*TOWN_CENTRES[SUTTON]["Sutton"]))
    near = np.hypot(sutton.easting - centre[0], sutton.northing - centre[1]) < 1_000
    # Sutton is ~44 km2; a 1 km circle is ~7% of it, yet holds far more of its offences.
    assert near.mean() > 0.3


def test_every_offence_has_an_outcome_and_recent_ones_are_more_often_pending(half_year):
    assert set(half_year.outcome) <= set(OUTCOME_SHARES) | {PENDING_OUTCOME}
    pending = half_year.outcome == PENDING_OUTCOME
    month = half_year.offence_date.dt.month
    assert pending[month == 6].mean() > 3 * pending[month == 1].mean()


def test_same_seed_gives_the_same_places_and_outcomes(boroughs):
    first = generate_incidents(boroughs, start=dt.date(2025, 1, 1), end_month=dt.date(2025, 1, 1), seed=3)
    second = generate_incidents(boroughs, start=dt.date(2025, 1, 1), end_month=dt.date(2025, 1, 1), seed=3)
    pd.testing.assert_frame_equal(first, second)
