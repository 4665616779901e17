"""Loading incident extracts, CSV or Parquet (`load-incidents`)."""

import duckdb
import pandas as pd

from tests.load_fixtures import (INCIDENT_HEADER, INCIDENT_ROWS, dataset_row, monthly, run_cli, store_state,
                                 write_incidents)

CAMDEN, HACKNEY, WESTMINSTER = "E09000007", "E09000012", "E09000033"


def test_extract_gives_exact_strand_counts_and_distinct_offence_totals(tmp_path):
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-incidents", str(write_incidents(tmp_path / "extract.csv"))) == 0
    loaded = monthly(store, dataset_name="Incident extract (extract.csv)")
    assert loaded == {
        ("2024-06", CAMDEN, "all"): 2, ("2024-06", CAMDEN, "race"): 2, ("2024-06", CAMDEN, "religion"): 1,
        ("2024-06", CAMDEN, "islamophobic"): 1, ("2024-06", CAMDEN, "race_religion"): 2,
        ("2024-07", HACKNEY, "all"): 1, ("2024-07", HACKNEY, "sexual_orientation"): 1,
        ("2024-07", HACKNEY, "transgender"): 1, ("2024-07", HACKNEY, "lgbt"): 1,
        ("2024-07", WESTMINSTER, "all"): 1, ("2024-07", WESTMINSTER, "disability"): 1,
    }
    con = duckdb.connect(str(store), read_only=True)
    incidents = con.execute("SELECT incident_id, offence_date::VARCHAR, gss_code, ward_code, outcome "
                            "FROM incidents ORDER BY incident_id").fetchall()
    daily = con.execute("SELECT day::VARCHAR, offences FROM daily_counts WHERE strand = 'all' ORDER BY day").fetchall()
    con.close()
    assert incidents == [("A1", "2024-06-10", CAMDEN, "E05013660", None), ("A2", "2024-06-15", CAMDEN, None, "Charged"),
                         ("A3", "2024-07-01", HACKNEY, None, None), ("A4", "2024-07-02", WESTMINSTER, None, None)]
    assert daily == [("2024-06-10", 1), ("2024-06-15", 1), ("2024-07-01", 1), ("2024-07-02", 1)]
    record = dataset_row(store, "Incident extract (extract.csv)")
    assert (record["kind"], record["rows_read"], record["rows_loaded"], record["rows_left_out"]) == \
        ("incidents", 4, 4, 0)


def test_parquet_extract_loads_the_same_as_csv(tmp_path):
    frame = pd.DataFrame(INCIDENT_ROWS, columns=INCIDENT_HEADER)
    frame["offence_date"] = pd.to_datetime(["2024-06-10", "2024-06-15", "2024-07-01", "2024-07-02"])
    for strand in INCIDENT_HEADER[4:11]:
        frame[strand] = frame[strand].str.lower().isin(["1", "y", "yes", "true"])
    frame.to_parquet(tmp_path / "extract.parquet")
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-incidents", str(tmp_path / "extract.parquet"), "--name", "P") == 0
    assert run_cli(store, "load-incidents", str(write_incidents(tmp_path / "extract.csv")), "--name", "C") == 0
    assert monthly(store, dataset_name="P") == monthly(store, dataset_name="C")
    assert len(monthly(store, dataset_name="P")) == 11


def test_bad_flags_are_reported_and_every_offence_needs_a_strand(tmp_path, capsys):
    rows = [list(row) for row in INCIDENT_ROWS]
    rows[0][4] = "maybe"
    rows[1][5] = ""
    rows[3][10] = "0"
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-incidents", str(write_incidents(tmp_path / "extract.csv", rows))) == 2
    error = capsys.readouterr().err
    assert ("extract.csv, line 2, column 'race': a strand flag must be 1/0, true/false, Y/N or yes/no. "
            "(value: 'maybe')") in error
    assert "extract.csv, line 3, column 'religion': the flag is empty; write N" in error
    assert "extract.csv, line 5: no strand is flagged" in error


def test_duplicate_incident_ids_are_reported_with_both_lines(tmp_path, capsys):
    rows = INCIDENT_ROWS + [["A2", "2024-08-01", "Camden", "Public order", "1", "0", "0", "0", "0", "0", "0", "", ""]]
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-incidents", str(write_incidents(tmp_path / "extract.csv", rows))) == 2
    assert ("extract.csv, line 6, column 'incident_id': this incident id is already used on line 3; "
            "ids must be unique. (value: 'A2')") in capsys.readouterr().err
    assert store_state(store) is None


def test_differently_named_columns_are_mapped_by_file_and_by_option(tmp_path):
    renamed = {"incident_id": "CRIS Ref", "offence_date": "Committed On", "race": "Race Flag"}
    header = [renamed.get(name, name) for name in INCIDENT_HEADER] + ["Officer"]
    rows = [row + ["PC 1"] for row in INCIDENT_ROWS]
    path = write_incidents(tmp_path / "extract.csv", rows, header=header)
    mapping = tmp_path / "columns.csv"
    mapping.write_text("field,column\nincident_id,CRIS Ref\noffence_date,Committed On\n")
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-incidents", str(path), "--columns", str(mapping), "--column", "race=Race Flag") == 0
    assert sum(v for (_, _, strand), v in monthly(store, dataset_name="Incident extract (extract.csv)").items()
               if strand == "all") == 4
    notes = dataset_row(store, "Incident extract (extract.csv)")["notes"]
    assert "Columns not in the schema, ignored: Officer." in notes


def test_missing_column_is_reported_with_how_to_map_it(tmp_path, capsys):
    header = ["Incident No" if name == "incident_id" else name for name in INCIDENT_HEADER]
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-incidents", str(write_incidents(tmp_path / "extract.csv", header=header))) == 2
    assert ("extract.csv, line 1, column 'incident_id': the column 'incident_id' is missing. Is 'Incident No' it? "
            "Map it with --column incident_id=\"Incident No\".") in capsys.readouterr().err


def test_unknown_field_in_a_column_mapping_is_reported(tmp_path, capsys):
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-incidents", str(write_incidents(tmp_path / "extract.csv")),
                   "--column", "incident=Ref") == 2
    assert "--column, column 'field': not a field of the incident extract schema. Did you mean 'incident_id'?" \
        in capsys.readouterr().err


def test_unknown_borough_bad_date_and_ward_are_reported(tmp_path, capsys):
    rows = [list(row) for row in INCIDENT_ROWS]
    rows[0][2] = "Hackny"
    rows[1][1] = "2024-02-30"
    rows[2][11] = "W123"
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-incidents", str(write_incidents(tmp_path / "extract.csv", rows))) == 2
    error = capsys.readouterr().err
    assert "3 problems found" in error
    assert "line 2, column 'borough': this matches no London borough. Closest: Hackney. (value: 'Hackny')" in error
    assert "line 3, column 'offence_date': this is not a date" in error
    assert "line 4, column 'ward_code': not a ward GSS code (E05 and six digits). (value: 'W123')" in error


def test_city_of_london_and_aviation_offences_are_left_out_and_counted(tmp_path, capsys):
    rows = INCIDENT_ROWS + [
        ["B1", "2024-06-01", "City of London", "Public order", "1", "0", "0", "0", "0", "0", "0", "", ""],
        ["B2", "2024-06-01", "Aviation Security(SO18)", "Public order", "1", "0", "0", "0", "0", "0", "0", "", ""]]
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-incidents", str(write_incidents(tmp_path / "extract.csv", rows))) == 0
    record = dataset_row(store, "Incident extract (extract.csv)")
    assert (record["rows_read"], record["rows_loaded"], record["rows_left_out"]) == (6, 4, 2)
    printed = capsys.readouterr().out
    assert "1 offence recorded under Aviation Security(SO18)" in printed
    assert "1 offence in the City of London" in printed


def test_ward_code_and_outcome_columns_may_be_absent(tmp_path):
    header = INCIDENT_HEADER[:11]
    rows = [row[:11] for row in INCIDENT_ROWS]
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-incidents", str(write_incidents(tmp_path / "extract.csv", rows, header=header))) == 0
    con = duckdb.connect(str(store), read_only=True)
    optional = con.execute("SELECT DISTINCT ward_code, outcome FROM incidents").fetchall()
    con.close()
    assert optional == [(None, None)]


def test_column_names_match_whatever_their_case_spaces_or_is_prefix(tmp_path):
    header = ["Incident ID", "Offence Date", "BOROUGH", "offence-type", "is_race", "Religion", "Antisemitic",
              "Islamophobic", "Sexual orientation", "Transgender", "IS_DISABILITY", "Ward code", "Outcome"]
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-incidents", str(write_incidents(tmp_path / "extract.csv", header=header))) == 0
    assert monthly(store, dataset_name="Incident extract (extract.csv)")[("2024-07", HACKNEY, "lgbt")] == 1
