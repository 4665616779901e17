"""Exact figures from the queries, on the hand-counted store in tests/store_fixtures.py."""

import datetime as dt

import pytest

from queries.borough_summary import borough_period_summary, borough_strand_rates
from queries.periods import Period, rolling_12_months
from queries.strand_summary import area_strand_rates, strand_period_comparison
from queries.strands import CORE_STRANDS
from queries.time_series import daily_offences, monthly_offences, weekly_offences
from tests.store_fixtures import BARNET, CAMDEN, HACKNEY, WESTMINSTER

YEAR_2025 = Period(dt.date(2025, 1, 1), dt.date(2025, 12, 1))
DATASET = 1


def strand_counts(cursor, period, strands, codes=None):
    frame = strand_period_comparison(cursor, dataset_id=DATASET, current=period, previous=period.previous(),
                                     strands=strands, gss_codes=codes)
    return frame.set_index("strand")


def test_period_total_counts_distinct_offences_not_the_sum_of_strands(known_cursor):
    counts = strand_counts(known_cursor, YEAR_2025, ["all"] + CORE_STRANDS)
    assert counts.loc["all", "offences"] == 10
    assert counts.loc[CORE_STRANDS, "offences"].sum() == 14
    assert counts.loc["race", "offences"] == 4
    assert counts.loc["religion", "offences"] == 2
    assert counts.loc["sexual_orientation", "offences"] == 5


def test_umbrella_strands_count_each_offence_once(known_cursor):
    counts = strand_counts(known_cursor, YEAR_2025, ["lgbt", "race_religion"])
    # Hackney's offence flagged both sexual orientation and transgender counts once.
    assert counts.loc["lgbt", "offences"] == 5
    # Camden's race + faith offence counts once: 4 race offences + Hackney's faith one.
    assert counts.loc["race_religion", "offences"] == 5


def test_rolling_12_months_against_previous_12(known_cursor):
    rolling = rolling_12_months(dt.date(2025, 12, 1))
    assert rolling == YEAR_2025
    counts = strand_counts(known_cursor, rolling, ["all"])
    assert counts.loc["all", "offences"] == 10
    assert counts.loc["all", "previous_offences"] == 3
    assert counts.loc["all", "change_pct"] == pytest.approx(233.3)


def test_change_is_blank_not_infinite_when_the_previous_period_had_none(known_cursor):
    counts = strand_counts(known_cursor, YEAR_2025, ["sexual_orientation"])
    assert counts.loc["sexual_orientation", "previous_offences"] == 0
    assert counts.loc["sexual_orientation", "change_pct"] != counts.loc["sexual_orientation", "change_pct"]  # NaN


def test_chosen_boroughs_limit_the_counts(known_cursor):
    counts = strand_counts(known_cursor, YEAR_2025, ["all", "race"], codes=[CAMDEN, HACKNEY])
    assert counts.loc["all", "offences"] == 6
    assert counts.loc["race", "offences"] == 4


def test_borough_summary_has_the_32_met_boroughs_and_not_the_city_of_london(known_cursor):
    summary = borough_period_summary(known_cursor, dataset_id=DATASET, period=YEAR_2025, strand="all")
    assert len(summary) == 32
    assert "E09000001" not in set(summary.gss_code)
    assert summary.offences.sum() == 10
    assert summary.set_index("gss_code").loc[BARNET, "previous_offences"] == 1


def test_borough_rates_per_1000_and_ranks_by_rate(known_cursor):
    summary = borough_period_summary(known_cursor, dataset_id=DATASET, period=YEAR_2025,
                                     strand="all").set_index("gss_code")
    # Westminster: 4 offences / 205,087 residents; Camden 4 / 210,390: Westminster ranks first.
    assert summary.loc[WESTMINSTER, "rate_per_1000_per_year"] == pytest.approx(round(4000 / 205087, 2))
    assert summary.loc[WESTMINSTER, "rank_by_rate"] == 1
    assert summary.loc[CAMDEN, "rank_by_rate"] == 2
    assert summary.loc[HACKNEY, "rank_by_rate"] == 3
    assert summary.loc[CAMDEN, "change_pct"] == pytest.approx(100.0)


def test_strand_ranks_rank_each_strand_separately(known_cursor):
    ranks = borough_strand_rates(known_cursor, dataset_id=DATASET, period=YEAR_2025,
                                 strands=["race", "religion"]).set_index(["strand", "gss_code"])
    assert ranks.loc[("race", CAMDEN), "rank_by_rate"] == 1
    assert ranks.loc[("religion", HACKNEY), "offences"] == 1
    # Hackney's rate (1/259,956) is below Camden's (1/210,390).
    assert ranks.loc[("religion", CAMDEN), "rank_by_rate"] == 1
    assert ranks.loc[("religion", HACKNEY), "rank_by_rate"] == 2


def test_borough_against_its_group_and_london(known_cursor):
    rates = area_strand_rates(known_cursor, dataset_id=DATASET, period=YEAR_2025, strands=["all"],
                              gss_code=CAMDEN).set_index("area")
    assert rates.loc["borough", "offences"] == 4
    # Inner London with Met data: Camden 4, Hackney 2, Westminster 4.
    assert rates.loc["group", "offences"] == 10
    assert rates.loc["london", "offences"] == 10
    london_population = 8796628 - 8618  # the 32 Met boroughs, not the City of London
    assert rates.loc["london", "population"] == london_population
    assert rates.loc["london", "rate_per_1000_per_year"] == pytest.approx(10000 / london_population)


def test_monthly_series_fills_months_without_offences_with_zero(known_cursor):
    series = monthly_offences(known_cursor, dataset_id=DATASET, period=YEAR_2025, strands=["all"])
    assert len(series) == 12
    by_month = dict(zip(series.month.dt.strftime("%Y-%m"), series.offences))
    assert by_month == {"2025-01": 0, "2025-02": 0, "2025-03": 2, "2025-04": 0, "2025-05": 0, "2025-06": 4,
                        "2025-07": 0, "2025-08": 0, "2025-09": 0, "2025-10": 0, "2025-11": 0, "2025-12": 4}


def test_monthly_series_split_by_borough(known_cursor):
    series = monthly_offences(known_cursor, dataset_id=DATASET, period=YEAR_2025, strands=["race"],
                              gss_codes=[CAMDEN, HACKNEY], split_boroughs=True)
    totals = series.groupby("area").offences.sum().to_dict()
    assert totals == {CAMDEN: 4, HACKNEY: 0}


def test_daily_and_weekly_series(known_cursor):
    daily = daily_offences(known_cursor, dataset_id=DATASET, start=dt.date(2025, 6, 1),
                           end=dt.date(2025, 6, 30), strands=["all"])
    assert len(daily) == 30
    assert daily.set_index(daily.day.dt.strftime("%Y-%m-%d")).loc["2025-06-15", "offences"] == 4
    weekly = weekly_offences(known_cursor, dataset_id=DATASET, start=dt.date(2025, 6, 1),
                             end=dt.date(2025, 6, 30), strands=["all"])
    # 15 June 2025 is a Sunday: its week starts on Monday 9 June.
    assert weekly.set_index(weekly.week.dt.strftime("%Y-%m-%d")).loc["2025-06-09", "offences"] == 4
    assert weekly.offences.sum() == 4


def test_period_previous_has_the_same_length():
    period = Period(dt.date(2025, 3, 1), dt.date(2025, 5, 1))
    assert period.previous() == Period(dt.date(2024, 12, 1), dt.date(2025, 2, 1))
    assert period.months == 3
    with pytest.raises(ValueError):
        Period(dt.date(2025, 5, 1), dt.date(2025, 3, 1))


def test_profile_rates_are_rounded_once_like_the_compare_table(known_cursor):
    # Rounded in the query and again for display, a rate can differ by 0.01 between pages.
    ranks = borough_strand_rates(known_cursor, dataset_id=DATASET, period=YEAR_2025, strands=["all"])
    camden = ranks.set_index("gss_code").loc[CAMDEN, "rate_per_1000_per_year"]
    assert camden == pytest.approx(4000 / 210390)
