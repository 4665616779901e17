"""On the Met's real published file: the 2017 attacks stand out for Islamophobic offences
in London, as the Mayor described; what the trend's t-test and convergence check change.
Skipped where ../shared/data is not present."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from queries.expected_counts import exceptional_months
from queries.periods import Period
from stands_out import expected_range as er


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


def _normal_trend_p_values(fit):
    """The trend test as it was before t: a normal reference for the same z."""
    z = fit.params[:, 1] / np.sqrt(fit.dispersion * fit.covariance_unscaled[:, 1, 1])
    return 2 * stats.norm.sf(np.abs(z))


def test_testing_the_trend_with_t_rather_than_a_normal_reference_changes_7_flags_on_the_real_file(
        real_store, monkeypatch):
    stored = real_store.execute("""
        SELECT e.area, b.name, e.strand, e.month, e.offences, e.is_above FROM expected_counts e
        LEFT JOIN boroughs b ON b.gss_code = e.area WHERE e.dataset_id = 1""").df()
    monkeypatch.setattr(er, "trend_p_values", _normal_trend_p_values)
    normal = er.expected_ranges(stored[["area", "strand", "month", "offences"]])
    both = stored.assign(month=stored.month.dt.date).merge(normal, on=["area", "strand", "month"],
                                                           suffixes=("_t", "_normal"))
    changed = both[both.is_above_t != both.is_above_normal]
    assert sorted(zip(changed.name, changed.strand, changed.month.astype(str), changed.is_above_t)) == [
        ("Barking and Dagenham", "islamophobic", "2016-03-01", True),
        ("Barking and Dagenham", "sexual_orientation", "2013-06-01", True),
        ("Bexley", "sexual_orientation", "2018-11-01", True),
        ("Hillingdon", "sexual_orientation", "2013-07-01", False),
        ("Lewisham", "religion", "2013-05-01", True),
        ("Waltham Forest", "race_religion", "2014-05-01", True),
        ("Westminster", "transgender", "2019-04-01", True)]
    assert (int(stored.is_above.sum()), int(normal.is_above.sum())) == (635, 630)


def test_on_the_real_file_only_near_empty_series_fall_back_to_no_trend_for_want_of_convergence(real_store):
    noted = real_store.execute("""
        WITH baseline AS (
            SELECT area, strand, month, no_trend_reason, with_trend, is_above,
                   sum(offences) OVER (PARTITION BY area, strand ORDER BY month
                                       ROWS BETWEEN 61 PRECEDING AND 7 PRECEDING) AS baseline_offences
            FROM expected_counts WHERE dataset_id = 1
        )
        SELECT * FROM baseline WHERE no_trend_reason IS NOT NULL""").df()
    assert len(noted) == 192
    assert set(noted.no_trend_reason) == {er.TREND_NOT_CONVERGED}
    assert not noted.with_trend.any() and not noted.is_above.any()
    assert noted.baseline_offences.max() <= 7
