"""The demo generator is deterministic and has the shape the issue asks for."""

import datetime as dt

import duckdb
import pandas as pd
import pytest

from loaders.synthetic import generate_incidents
from queries.boroughs import met_boroughs
from queries.schema import BOROUGHS_CSV


@pytest.fixture(scope="module")
def boroughs():
    frame = pd.read_csv(BOROUGHS_CSV)
    return frame[frame.policed_by_met].reset_index(drop=True)


@pytest.fixture(scope="module")
def two_years(boroughs):
    return generate_incidents(boroughs, start=dt.date(2024, 1, 1), end_month=dt.date(2025, 12, 1))


@pytest.fixture(scope="module")
def ten_years(boroughs):
    return generate_incidents(boroughs, end_month=dt.date(2025, 12, 1))


def test_same_seed_gives_identical_rows(boroughs):
    first = generate_incidents(boroughs, start=dt.date(2025, 1, 1), end_month=dt.date(2025, 3, 1), seed=7)
    second = generate_incidents(boroughs, start=dt.date(2025, 1, 1), end_month=dt.date(2025, 3, 1), seed=7)
    pd.testing.assert_frame_equal(first, second)
    other = generate_incidents(boroughs, start=dt.date(2025, 1, 1), end_month=dt.date(2025, 3, 1), seed=8)
    assert not first.equals(other)


def test_yearly_volume_is_20_to_30_thousand(ten_years):
    per_year = ten_years.groupby(ten_years.offence_date.dt.year).size()
    assert per_year.between(20_000, 30_000).all(), per_year.to_dict()


def test_strand_mix_is_close_to_the_mets(ten_years):
    shares = ten_years.filter(like="is_").mean()
    assert shares["is_race"] == pytest.approx(0.75, abs=0.04)
    assert shares["is_religion"] == pytest.approx(0.10, abs=0.03)
    assert shares["is_sexual_orientation"] == pytest.approx(0.12, abs=0.02)
    assert shares["is_transgender"] == pytest.approx(0.015, abs=0.007)
    assert shares["is_disability"] == pytest.approx(0.025, abs=0.01)
    faith = ten_years[ten_years.is_religion]
    assert faith.is_antisemitic.mean() + faith.is_islamophobic.mean() > 0.7  # the larger parts of faith


def test_two_to_four_percent_of_offences_carry_several_strands(two_years):
    main = two_years[["is_race", "is_religion", "is_sexual_orientation", "is_transgender", "is_disability"]]
    assert 0.02 <= (main.sum(axis=1) >= 2).mean() <= 0.04


def test_sub_strands_always_sit_inside_faith(two_years):
    assert not (two_years.is_antisemitic & ~two_years.is_religion).any()
    assert not (two_years.is_islamophobic & ~two_years.is_religion).any()


def test_every_met_borough_and_no_city_of_london(two_years):
    assert two_years.gss_code.nunique() == 32
    assert "E09000001" not in set(two_years.gss_code)


def test_central_boroughs_have_more_offences_per_head(two_years, boroughs):
    counts = two_years.groupby("gss_code").size()
    per_head = counts / boroughs.set_index("gss_code").population_mid2021
    groups = boroughs.set_index("gss_code").london_group
    assert per_head[groups == "Inner"].mean() > 1.3 * per_head[groups == "Outer"].mean()


def test_antisemitic_offences_spike_after_7_october_2023(boroughs):
    frame = generate_incidents(boroughs, start=dt.date(2023, 9, 1), end_month=dt.date(2023, 10, 1))
    antisemitic = frame[frame.is_antisemitic]
    before = (antisemitic.offence_date < "2023-10-07").sum() / 36
    after = ((antisemitic.offence_date >= "2023-10-08") & (antisemitic.offence_date <= "2023-10-21")).sum() / 14
    assert after > 3 * before


def test_incident_ids_are_unique(two_years):
    assert two_years.incident_id.is_unique


def test_demo_store_is_labelled_synthetic(demo_store_path):
    con = duckdb.connect(str(demo_store_path), read_only=True)
    row = con.execute("SELECT is_synthetic, source, last_month FROM datasets").fetchone()
    assert row[0] is True
    assert row[1].startswith("Synthetic demo data, not real figures")
    assert row[2] == dt.date(2025, 12, 1)
    assert len(met_boroughs(con.cursor())) == 32
    con.close()


def test_demo_store_has_positive_outcomes_from_its_synthetic_outcomes(demo_store_path):
    # As a loaded extract gets them (reference/positive_outcome_types.csv): a charge, a
    # caution, a penalty notice and a community resolution are positive; "Investigation
    # complete", evidential difficulties and "Other outcome" are not.
    con = duckdb.connect(str(demo_store_path), read_only=True)
    positive = con.execute("""SELECT count(*) FROM incidents WHERE outcome IN
                              ('Charge/summons', 'Caution', 'Penalty notice for disorder', 'Community resolution')
                           """).fetchone()[0]
    stored = con.execute("SELECT sum(positive_outcomes) FROM monthly_outcomes WHERE strand = 'all'").fetchone()[0]
    con.close()
    assert positive > 10_000 and stored == positive
