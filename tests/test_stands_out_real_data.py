"""On the Met's real published file: the 2017 attacks stand out for Islamophobic offences
in London, as the Mayor described. Skipped where ../shared/data is not present."""

import datetime as dt

import pandas as pd
import pytest

from queries.expected_counts import exceptional_months
from queries.periods import Period


@pytest.fixture
def real_store(real_mps_cursor):
    return real_mps_cursor


def test_june_and_july_2017_stand_out_for_islamophobic_offences_in_london(real_store):
    flagged = exceptional_months(real_store, dataset_id=1, period=Period(dt.date(2016, 1, 1), dt.date(2017, 12, 1)),
                                 strands=["islamophobic"], areas=["london"])
    assert flagged[["month", "offences", "upper_bound"]].values.tolist() == [
        [pd.Timestamp("2017-06-01"), 366, 203], [pd.Timestamp("2017-07-01"), 219, 196]]
    assert flagged.previous_high.tolist()[0] < 366  # the highest month since April 2010


def test_boroughs_stand_out_after_the_westminster_and_london_bridge_attacks(real_store):
    march = exceptional_months(real_store, dataset_id=1, period=Period(dt.date(2017, 3, 1), dt.date(2017, 3, 1)),
                               strands=["islamophobic"])
    june = exceptional_months(real_store, dataset_id=1, period=Period(dt.date(2017, 6, 1), dt.date(2017, 6, 1)),
                              strands=["islamophobic"])
    assert sorted(march.area_name) == ["Hillingdon", "Newham"]
    assert len(june) == 10 and {"London", "Westminster", "Hackney", "Southwark"} <= set(june.area_name)
