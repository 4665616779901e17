"""Loading the Met's long-format "MPS Monthly Crime Dashboard Data" (`load-mps-long`)."""

import duckdb
import pytest

from queries.aggregates import rebuild_published_aggregates
from tests.load_fixtures import LONG_HEADER, dataset_row, long_row, monthly, run_cli, store_state, write_long

CAMDEN, HACKNEY = "E09000007", "E09000012"
DATASET = "MPS crime dashboard hate crime (long.csv)"

ROWS = [
    long_row("01.06.21", "Camden", CAMDEN, "Racist and Religious Hate Crime", "Offences", 50),
    long_row("01.06.21", "Camden", CAMDEN, "Racist and Religious Hate Crime", "Positive Outcomes", 7),
    long_row("01.06.21", "Camden", CAMDEN, "Islamophobic Hate Crime", "Offences", 4),
    long_row("01.07.21", "Camden", CAMDEN, "Racist and Religious Hate Crime", "Offences", 55),
    long_row("01.06.21", "Hackney", HACKNEY, "Anti-Semitic Hate Crime", "Offences", 9),
    long_row("01.06.21", "Hackney", HACKNEY, "Domestic Abuse", "Offences", 300, group="Domestic Abuse"),
    long_row("01.06.21", "Hackney", HACKNEY, "Misogyny Hate Crime", "Offences", 6),
    long_row("01.07.21", "Hackney", HACKNEY, "Misogyny Hate Crime", "Offences", 8),
    long_row("01.06.21", "Aviation Security(SO18)", "", "Racist and Religious Hate Crime", "Offences", 3),
    long_row("01.06.21", "Camden North SNT", "", "Racist and Religious Hate Crime", "Offences", 12,
             area_type="SNT"),
]


def test_borough_offences_load_as_strands_and_positive_outcomes_are_kept(tmp_path, capsys):
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-mps-long", str(write_long(tmp_path / "long.csv", ROWS))) == 0
    assert monthly(store, dataset_name=DATASET) == {
        ("2021-06", CAMDEN, "race_religion"): 50, ("2021-07", CAMDEN, "race_religion"): 55,
        ("2021-06", CAMDEN, "islamophobic"): 4, ("2021-06", HACKNEY, "antisemitic"): 9}
    con = duckdb.connect(str(store), read_only=True)
    outcomes = con.execute(
        "SELECT gss_code, count FROM published_counts WHERE measure = 'Positive Outcomes'").fetchall()
    con.close()
    assert outcomes == [(CAMDEN, 7)]
    record = dataset_row(store, DATASET)
    assert (record["rows_read"], record["rows_loaded"], record["rows_left_out"]) == (10, 5, 5)
    assert "Refresh date in the file: 05.06.21." in record["notes"]


def test_category_the_mapping_does_not_cover_is_reported_by_name_and_count(tmp_path, capsys):
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-mps-long", str(write_long(tmp_path / "long.csv", ROWS))) == 0
    printed = capsys.readouterr().out
    assert ("2 rows in categories the mapping does not cover: 'Hate Crime / Misogyny Hate Crime' "
            "(2 rows, 14 offences)") in printed
    assert ("1 row of the Met's other crime groups ('Domestic Abuse / Domestic Abuse' (1 row)), which are not "
            "hate crime.") in printed
    assert "Offences left out by category: Racist and Religious Hate Crime 3" in printed
    assert "1 row for areas other than boroughs (Area Type 'SNT' (1 row))" in printed


def test_users_mapping_extends_the_shipped_one(tmp_path):
    mapping = tmp_path / "mine.csv"
    mapping.write_text("offence_group,offence_subgroup,strand\nHate Crime,Misogyny Hate Crime,race\n")
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-mps-long", str(write_long(tmp_path / "long.csv", ROWS)),
                   "--mapping", str(mapping)) == 0
    loaded = monthly(store, dataset_name=DATASET)
    assert loaded[("2021-06", HACKNEY, "race")] == 6 and loaded[("2021-07", HACKNEY, "race")] == 8
    assert loaded[("2021-06", CAMDEN, "race_religion")] == 50


def test_mapping_to_a_strand_that_does_not_exist_is_reported(tmp_path, capsys):
    mapping = tmp_path / "mine.csv"
    mapping.write_text("offence_group,offence_subgroup,strand\nHate Crime,Misogyny,sexism\n*,Total,all\n")
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-mps-long", str(write_long(tmp_path / "long.csv", ROWS)),
                   "--mapping", str(mapping)) == 2
    error = capsys.readouterr().err
    assert "mine.csv, line 2, column 'strand': not a strand." in error and "(value: 'sexism')" in error
    assert "mine.csv, line 3, column 'strand': 'all' means distinct offences" in error
    assert store_state(store) is None


def test_borough_is_found_by_gss_code_when_the_name_differs(tmp_path):
    rows = [long_row("01.06.21", "Camden Town Borough", CAMDEN, "Islamophobic", "Offences", 2)]
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-mps-long", str(write_long(tmp_path / "long.csv", rows))) == 0
    assert monthly(store, dataset_name=DATASET) == {("2021-06", CAMDEN, "islamophobic"): 2}


def test_month_that_is_not_a_month_and_bad_counts_are_reported(tmp_path, capsys):
    rows = [long_row("31.13.21", "Camden", CAMDEN, "Islamophobic", "Offences", 2),
            long_row("01.06.21", "Camden", CAMDEN, "Islamophobic", "Offences", -1),
            long_row("01.07.21", "Camden", CAMDEN, "Islamophobic", "Offences", "12a")]
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-mps-long", str(write_long(tmp_path / "long.csv", rows))) == 2
    error = capsys.readouterr().err
    assert "3 problems found" in error
    assert ("long.csv, line 2, column 'Month_Year': this is not a month (expected a date like 01.06.21). "
            "(value: '31.13.21')") in error
    assert "long.csv, line 3, column 'Count': a count cannot be negative. (value: '-1')" in error
    assert "long.csv, line 4, column 'Count': the count is not a whole number. (value: '12a')" in error


def test_unknown_borough_name_without_a_code_is_reported_with_closest_names(tmp_path, capsys):
    rows = [long_row("01.06.21", "Hamersmith and Fulham", "", "Islamophobic", "Offences", 2)]
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-mps-long", str(write_long(tmp_path / "long.csv", rows))) == 2
    assert ("line 2, column 'Area name': this matches no London borough. Closest: Hammersmith and Fulham."
            in capsys.readouterr().err)


def test_the_same_row_twice_is_reported(tmp_path, capsys):
    rows = [ROWS[0], ROWS[2], ROWS[0]]
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-mps-long", str(write_long(tmp_path / "long.csv", rows))) == 2
    assert ("line 4, column 'Offence Subgroup': Camden has offences for this category in June 2021 already, "
            "on line 2") in capsys.readouterr().err


def test_missing_column_is_reported_with_the_renamed_one(tmp_path, capsys):
    header = [("Month Year" if name == "Month_Year" else name) for name in LONG_HEADER if name != "Measure"]
    rows = [[cell for position, cell in enumerate(row) if LONG_HEADER[position] != "Measure"] for row in ROWS]
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-mps-long", str(write_long(tmp_path / "long.csv", rows, header=header))) == 2
    error = capsys.readouterr().err
    assert "2 problems found" in error
    assert "column 'Month_Year': the column 'Month_Year' is missing. Is 'Month Year' it, renamed?" in error
    assert "column 'Measure': the column 'Measure' is missing." in error


def test_a_file_with_no_hate_crime_categories_loads_nothing_and_says_why(tmp_path, capsys):
    rows = [long_row("01.06.21", "Camden", CAMDEN, "Burglary - Residential", "Offences", 80, group="Burglary")]
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-mps-long", str(write_long(tmp_path / "long.csv", rows))) == 2
    assert ("no borough rows in hate crime categories were found, so nothing would load. 1 row in categories "
            "the mapping does not cover: 'Burglary / Burglary - Residential' (1 row, 80 offences)"
            in capsys.readouterr().err)
    assert store_state(store) is None


def test_categories_mapped_to_one_strand_are_added_but_never_into_the_distinct_total(tmp_path):
    rows = [long_row("01.06.21", "Camden", CAMDEN, "Homophobic Hate Crime", "Offences", 5),
            long_row("01.06.21", "Camden", CAMDEN, "Sexual Orientation Hate Crime", "Offences", 2)]
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-mps-long", str(write_long(tmp_path / "long.csv", rows))) == 0
    assert monthly(store, dataset_name=DATASET) == {("2021-06", CAMDEN, "sexual_orientation"): 7}
    con = duckdb.connect(str(store))
    with pytest.raises(ValueError, match="one category, not the sum of"):
        rebuild_published_aggregates(con, 1, {"Hate Crime / Homophobic Hate Crime": "all",
                                              "Hate Crime / Sexual Orientation Hate Crime": "all"})
    con.close()
