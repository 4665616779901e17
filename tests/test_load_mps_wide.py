"""Loading the Met's wide published borough file (`load-mps-wide`)."""

import csv
import shutil
from collections import defaultdict

import duckdb
import pandas as pd
import pytest

from components import ids
from queries.store import ReadOnlyStore
from tests.dash_requests import call_callback, output_of
from tests.load_fixtures import (REAL_MPS_FILE, WIDE_HEADER, WIDE_ROWS, dataset_row, monthly, run_cli,
                                 store_state, write_wide)
from tests.store_fixtures import known_incidents, write_incident_dataset

CAMDEN, HACKNEY, WESTMINSTER = "E09000007", "E09000012", "E09000033"
REAL_DATASET = f"MPS published hate crime ({REAL_MPS_FILE.name})"
HATE_CATEGORIES = {
    "Racist and Religious Hate Crime": "race_religion", "Faith Hate Crime": "religion",
    "Anti-Semitic": "antisemitic", "Islamophobic": "islamophobic",
    "Homophobic Hate Crime": "sexual_orientation", "Transgender Hate": "transgender",
    "Disability Hate Crime": "disability",
}


def _real_file_rows():
    """The real file read with nothing but the csv module: {(borough, category): {YYYYMM: count}}."""
    with open(REAL_MPS_FILE, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        months = reader.fieldnames[3:]
        return months, {(row["Borough"], row["MinorText"]): {m: int(row[m]) for m in months}
                        for row in reader if row["MajorText"] == "Hate"}


@pytest.fixture
def real_store(real_mps_store_path):
    return real_mps_store_path


def test_real_file_borough_figures_equal_the_files_own_numbers(real_store):
    months, rows = _real_file_rows()
    loaded = monthly(real_store, dataset_name=REAL_DATASET)
    samples = [("Camden", CAMDEN, "Racist and Religious Hate Crime", "202105"),
               ("Hackney", HACKNEY, "Anti-Semitic", "201405"),
               ("Westminster", WESTMINSTER, "Homophobic Hate Crime", "201907"),
               ("Tower Hamlets", "E09000030", "Islamophobic", "201706"),
               ("Barnet", "E09000003", "Transgender Hate", "201004"),
               ("Kingston upon Thames", "E09000021", "Disability Hate Crime", "202012")]
    for borough, code, category, month in samples:
        expected = rows[(borough, category)][month]
        assert loaded[(f"{month[:4]}-{month[4:]}", code, HATE_CATEGORIES[category])] == expected, (borough, category)
    # Every borough row, every month: nothing lost, nothing invented.
    assert len(loaded) == 32 * 7 * len(months)
    assert sum(loaded.values()) == sum(sum(counts.values()) for (borough, category), counts in rows.items()
                                       if category in HATE_CATEGORIES and not borough.startswith("Aviation"))


def test_real_file_london_totals_per_category_per_month_equal_the_files_sums(real_store):
    months, rows = _real_file_rows()
    london = defaultdict(int)
    for (borough, category), counts in rows.items():
        if category in HATE_CATEGORIES and not borough.startswith("Aviation"):
            for month, count in counts.items():
                london[(f"{month[:4]}-{month[4:]}", HATE_CATEGORIES[category])] += count
    con = duckdb.connect(str(real_store), read_only=True)
    loaded = {(month, strand): offences for month, strand, offences in con.execute(
        "SELECT strftime(month, '%Y-%m'), strand, sum(offences)::BIGINT FROM monthly_counts GROUP BY ALL").fetchall()}
    con.close()
    assert loaded == dict(london)
    assert loaded[("2021-05", "race_religion")] == london[("2021-05", "race_religion")] > 1000


def test_real_file_records_rows_and_aviation_offences_left_out(real_store, capsys):
    _, rows = _real_file_rows()
    record = dataset_row(real_store, REAL_DATASET)
    assert (record["rows_read"], record["rows_loaded"], record["rows_left_out"]) == (759, 224, 535)
    assert record["kind"] == "published" and record["is_synthetic"] is False
    assert str(record["first_month"]) == "2010-04-01" and str(record["last_month"]) == "2021-05-01"
    aviation_racist = sum(rows[("Aviation Security(SO18)", "Racist and Religious Hate Crime")].values())
    assert f"Racist and Religious Hate Crime {aviation_racist:,}" in record["notes"]
    assert len(record["checksum_sha256"]) == 64


def test_real_file_has_no_all_strand_and_no_daily_counts(real_store):
    con = duckdb.connect(str(real_store), read_only=True)
    strands = {row[0] for row in con.execute("SELECT DISTINCT strand FROM monthly_counts").fetchall()}
    daily = con.execute("SELECT count(*) FROM daily_counts").fetchone()[0]
    con.close()
    assert strands == set(HATE_CATEGORIES.values())
    assert daily == 0


def test_only_hate_categories_load_and_aviation_offences_are_reported(tmp_path, capsys):
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-mps-wide", str(write_wide(tmp_path / "wide.csv"))) == 0
    loaded = monthly(store, dataset_name="MPS published hate crime (wide.csv)")
    assert loaded == {
        **{(f"2021-0{m + 1}", CAMDEN, "race_religion"): 40 + m for m in range(3)},
        **{(f"2021-0{m + 1}", CAMDEN, "islamophobic"): 3 + m for m in range(3)},
        **{(f"2021-0{m + 1}", HACKNEY, "race_religion"): 30 + m for m in range(3)},
        **{(f"2021-0{m + 1}", HACKNEY, "islamophobic"): 1 + m for m in range(3)},
    }
    printed = capsys.readouterr().out
    assert "Rows read: 10; loaded: 4; left out: 6" in printed
    assert "Racist and Religious Hate Crime 3; Islamophobic 1" in printed
    assert "2 rows of domestic abuse" in printed and "2 rows of 'Special' categories" in printed


def test_published_counts_keep_the_files_category_names(tmp_path):
    store = tmp_path / "store.duckdb"
    run_cli(store, "load-mps-wide", str(write_wide(tmp_path / "wide.csv")))
    con = duckdb.connect(str(store), read_only=True)
    rows = con.execute("SELECT category, measure, sum(count) FROM published_counts GROUP BY ALL ORDER BY 1").fetchall()
    con.close()
    assert rows == [("Islamophobic", "Offences", 3 + 4 + 5 + 1 + 2 + 3),
                    ("Racist and Religious Hate Crime", "Offences", 40 + 41 + 42 + 30 + 31 + 32)]


def test_borough_name_variants_match_the_same_borough(tmp_path):
    variants = {"Hammersmith & Fulham": "E09000013", "Kingston-upon-Thames": "E09000021",
                "Richmond": "E09000027", "City of Westminster": WESTMINSTER,
                "BARKING & DAGENHAM": "E09000002", "  tower   hamlets ": "E09000030", "E09000007": CAMDEN}
    rows = [[name, "Hate", "Islamophobic", "1", "2", "3"] for name in variants]
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-mps-wide", str(write_wide(tmp_path / "wide.csv", rows))) == 0
    loaded = monthly(store, dataset_name="MPS published hate crime (wide.csv)")
    assert {code for (_, code, _) in loaded} == set(variants.values())


def test_unknown_borough_is_reported_with_closest_names(tmp_path, capsys):
    rows = WIDE_ROWS + [["Kingstone upon Thames", "Hate", "Islamophobic", "1", "1", "1"]]
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-mps-wide", str(write_wide(tmp_path / "wide.csv", rows))) == 2
    error = capsys.readouterr().err
    assert ("wide.csv, line 12, column 'Borough': this matches no London borough. "
            "Closest: Kingston upon Thames, Richmond upon Thames. (value: 'Kingstone upon Thames')") in error
    assert store_state(store) is None


def test_month_column_that_is_not_a_month_is_reported(tmp_path, capsys):
    header = WIDE_HEADER[:3] + ["202101", "202113", "March 2021"]
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-mps-wide", str(write_wide(tmp_path / "wide.csv", header=header))) == 2
    error = capsys.readouterr().err
    assert "2 problems found" in error
    assert "wide.csv, line 1, column '202113': this column should be a month written YYYYMM" in error
    assert "column 'March 2021'" in error


def test_negative_and_non_numeric_counts_are_reported_with_line_column_and_value(tmp_path, capsys):
    rows = [list(row) for row in WIDE_ROWS]
    rows[0][4] = "-3"
    rows[4][5] = "n/a"
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-mps-wide", str(write_wide(tmp_path / "wide.csv", rows))) == 2
    error = capsys.readouterr().err
    assert "wide.csv, line 2, column '202102': a count cannot be negative. (value: '-3')" in error
    assert "wide.csv, line 6, column '202103': the count is not a whole number. (value: 'n/a')" in error


def test_missing_or_renamed_column_is_reported(tmp_path, capsys):
    header = ["Borough", "Major Text", "MinorText", "202101", "202102", "202103"]
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-mps-wide", str(write_wide(tmp_path / "wide.csv", header=header))) == 2
    assert ("column 'MajorText': the column 'MajorText' is missing. Is 'Major Text' it, renamed? "
            "Rename it back to 'MajorText'.") in capsys.readouterr().err


def test_duplicate_borough_and_category_is_reported(tmp_path, capsys):
    rows = WIDE_ROWS + [["Camden", "Hate", "Islamophobic", "1", "1", "1"]]
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-mps-wide", str(write_wide(tmp_path / "wide.csv", rows))) == 2
    assert "line 12, column 'MinorText': Camden has this category already, on line 3" in capsys.readouterr().err


def test_loading_the_same_file_again_replaces_the_dataset(tmp_path, capsys):
    store = tmp_path / "store.duckdb"
    path = write_wide(tmp_path / "wide.csv")
    assert run_cli(store, "load-mps-wide", str(path)) == 0
    first = monthly(store, dataset_name="MPS published hate crime (wide.csv)")
    assert run_cli(store, "load-mps-wide", str(path), "--name", "Renamed") == 0
    assert "Replaces the dataset 'MPS published hate crime (wide.csv)' loaded earlier from the same file." \
        in capsys.readouterr().out
    assert run_cli(store, "load-mps-wide", str(path), "--name", "Renamed") == 0
    con = duckdb.connect(str(store), read_only=True)
    names = [row[0] for row in con.execute("SELECT name FROM datasets").fetchall()]
    published_rows = con.execute("SELECT count(*) FROM published_counts").fetchone()[0]
    con.close()
    assert names == ["Renamed"]
    assert published_rows == 4 * 3
    assert monthly(store, dataset_name="Renamed") == first


def test_real_file_is_what_the_pages_show_first_with_no_demo_label(real_store, app, client, tmp_path, monkeypatch):
    from app import STORE_EXTENSION

    store = tmp_path / "with_demo.duckdb"
    shutil.copy(real_store, store)
    con = duckdb.connect(str(store))
    write_incident_dataset(con, known_incidents(), name="Synthetic demo data", is_synthetic=True)
    real_id = con.execute("SELECT dataset_id FROM datasets WHERE name = ?", [REAL_DATASET]).fetchone()[0]
    con.close()
    reader = ReadOnlyStore(store)
    monkeypatch.setitem(app.server.extensions, STORE_EXTENSION, reader)
    try:
        status, body = call_callback(client, ids.FILTER_STATE, {"url.search": ""})
    finally:
        reader.close()
    assert status == 200
    state = output_of(body, ids.FILTER_STATE, "data")
    assert state["dataset_id"] == real_id and state["end"] == "2021-05"
    notice = str(output_of(body, ids.DATA_NOTICE, "children"))
    # Named as a person would say it, not after its file (the store keeps the file's name).
    assert "Dataset: Met published hate crime, Apr 2010 to May 2021." in notice and ".csv" not in notice
    assert "Synthetic" not in notice and "not real figures" not in notice


def test_a_missing_month_column_is_reported(tmp_path, capsys):
    header = WIDE_HEADER[:3] + ["202101", "202103", "202104"]
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-mps-wide", str(write_wide(tmp_path / "wide.csv", header=header))) == 2
    assert ("wide.csv, line 1, column '202102': the column for February 2021 is missing: the file has months "
            "from 202101 to 202104, and every one needs a column.") in capsys.readouterr().err


def test_a_default_name_is_said_without_its_file_and_a_given_name_as_given():
    from queries.datasets import dataset_label

    months = (pd.Timestamp("2010-04-01"), pd.Timestamp("2021-05-01"))
    assert dataset_label("MPS published hate crime (Monthly Crime Other Crime Borough Level Off Type.csv)",
                         *months) == "Met published hate crime, Apr 2010 to May 2021"
    assert dataset_label("MPS crime dashboard hate crime (M1045.XLSX)", *months) == \
        "Met crime dashboard hate crime, Apr 2010 to May 2021"
    assert dataset_label("Camden council extract (2025)", *months) == "Camden council extract (2025)"
    assert dataset_label("Synthetic demo data", *months) == "Synthetic demo data"
