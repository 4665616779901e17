"""Rates are per 1,000 residents per year over the months the data covers, so periods of
any length compare. Expected values are worked out here from the fixture's own counts and
the reference file's populations, not from the code under test."""

import csv
import datetime as dt

import duckdb
import pandas as pd
import pytest

from loaders.dataset_records import record_dataset
from queries.borough_summary import borough_period_summary, borough_strand_rates
from queries.periods import Period
from queries.schema import BOROUGHS_CSV
from queries.store import open_for_writing
from queries.strand_summary import area_strand_rates
from queries.strands import CORE_STRANDS
from tests.store_fixtures import write_incident_dataset

SUTTON = "E09000029"
PER_MONTH = 5  # Sutton's race offences, every month of 2023 to 2025
FIRST, LAST = dt.date(2023, 1, 1), dt.date(2025, 12, 1)
THIRTY_FIVE_MONTHS = Period(dt.date(2023, 2, 1), LAST)
TWELVE_MONTHS = Period(dt.date(2025, 1, 1), LAST)


def population(code: str) -> int:
    with open(BOROUGHS_CSV, newline="", encoding="utf-8") as handle:
        return next(int(row["population_mid2021"]) for row in csv.DictReader(handle) if row["gss_code"] == code)


def months(first: dt.date, last: dt.date) -> list[dt.date]:
    return [month.date() for month in pd.date_range(first, last, freq="MS")]


def steady_incidents() -> pd.DataFrame:
    rows = [{"incident_id": f"S{month:%Y%m}-{n}", "offence_date": month.replace(day=10), "gss_code": SUTTON,
             "offence_type": "Public order", **{f"is_{key}": key == "race" for key in CORE_STRANDS}}
            for month in months(FIRST, LAST) for n in range(PER_MONTH)]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def steady_cursor(tmp_path_factory):
    path = tmp_path_factory.mktemp("steady") / "steady.duckdb"
    con = open_for_writing(path)
    dataset_id = write_incident_dataset(con, steady_incidents(), name="Steady", is_synthetic=True)
    con.close()
    con = duckdb.connect(str(path), read_only=True)
    yield con.cursor(), dataset_id
    con.close()


def test_a_35_month_and_a_12_month_period_of_a_steady_count_give_the_same_annual_rate(steady_cursor):
    cursor, dataset_id = steady_cursor
    expected = 1000 * PER_MONTH * 12 / population(SUTTON)
    rates = {}
    for period in (THIRTY_FIVE_MONTHS, TWELVE_MONTHS):
        summary = borough_period_summary(cursor, dataset_id=dataset_id, period=period, strand="race")
        row = summary.set_index("gss_code").loc[SUTTON]
        assert row.offences == PER_MONTH * period.months
        rates[period.months] = row.rate_per_1000_per_year
    assert rates[35] == rates[12] == pytest.approx(round(expected, 2))


def test_the_strand_ranks_and_the_borough_against_london_give_the_same_annual_rate(steady_cursor):
    cursor, dataset_id = steady_cursor
    expected = 1000 * PER_MONTH * 12 / population(SUTTON)
    for period in (THIRTY_FIVE_MONTHS, TWELVE_MONTHS):
        ranks = borough_strand_rates(cursor, dataset_id=dataset_id, period=period, strands=["race"])
        assert ranks.set_index("gss_code").loc[SUTTON, "rate_per_1000_per_year"] == pytest.approx(expected)
        against = area_strand_rates(cursor, dataset_id=dataset_id, period=period, strands=["race"],
                                    gss_code=SUTTON).set_index("area")
        assert against.loc["borough", "rate_per_1000_per_year"] == pytest.approx(expected)
        # London: Sutton's offences over the 32 boroughs' residents, a year's worth.
        london = against.loc["london", "population"]
        assert against.loc["london", "rate_per_1000_per_year"] == pytest.approx(1000 * PER_MONTH * 12 / london)


def test_months_outside_the_extract_do_not_count_towards_the_year(steady_cursor):
    # 2022 is before the extract starts: the rate is over the 36 months it covers, not 48.
    cursor, dataset_id = steady_cursor
    longer = Period(dt.date(2022, 1, 1), LAST)
    row = borough_period_summary(cursor, dataset_id=dataset_id, period=longer,
                                 strand="race").set_index("gss_code").loc[SUTTON]
    assert row.months_of_data == 36
    assert row.rate_per_1000_per_year == pytest.approx(round(1000 * PER_MONTH * 12 / population(SUTTON), 2))


def test_a_published_series_counts_only_the_months_it_has_figures_for(tmp_path):
    # Published counts for Jan to Jun and Oct to Dec 2024: nobody published Jul to Sep.
    path = tmp_path / "gap.duckdb"
    con = open_for_writing(path)
    dataset_id = record_dataset(con, name="Gap", kind="published", is_synthetic=True, source="Test fixture",
                                licence=None, checksum_sha256=None, rows_read=9, rows_loaded=9, rows_left_out=0)
    published = [dt.date(2024, m, 1) for m in (1, 2, 3, 4, 5, 6, 10, 11, 12)]
    for month in published:
        con.execute("INSERT INTO monthly_counts VALUES (?, ?, ?, 'disability', 3)", [dataset_id, month, SUTTON])
    con.execute("UPDATE datasets SET first_month = ?, last_month = ? WHERE dataset_id = ?",
                [published[0], published[-1], dataset_id])
    con.close()
    con = duckdb.connect(str(path), read_only=True)
    summary = borough_period_summary(con.cursor(), dataset_id=dataset_id, period=Period(dt.date(2024, 1, 1),
                                                                                        dt.date(2024, 12, 1)),
                                     strand="disability").set_index("gss_code")
    con.close()
    assert summary.loc[SUTTON, "offences"] == 27
    assert summary.loc[SUTTON, "months_of_data"] == 9
    assert summary.loc[SUTTON, "rate_per_1000_per_year"] == pytest.approx(round(1000 * 27 * 12 / 9 / population(SUTTON),
                                                                               2))
