"""Incident extracts with a location: British National Grid or latitude/longitude, each
point checked against the borough it is recorded in."""

import duckdb

from geodata.hex_grid import hex_cell_ids
from tests.load_fixtures import csv_text, run_cli, store_state

HEADER = ["incident_id", "offence_date", "borough", "offence_type", "race", "religion", "antisemitic",
          "islamophobic", "sexual_orientation", "transgender", "disability"]
FLAGS = ["1", "0", "0", "0", "0", "0", "0"]
# Camden Town and Sutton town centre, written both ways (pyproj's EPSG:4326 -> 27700).
CAMDEN_TOWN_GRID, CAMDEN_TOWN_DEGREES = ("528912", "183868"), ("51.5390", "-0.1426")
SUTTON_GRID, SUTTON_DEGREES = ("525799", "164073"), ("51.3618", "-0.1945")
MARE_STREET_HACKNEY_DEGREES = ("51.5450", "-0.0553")


def write(path, header, rows):
    path.write_text(csv_text(header, rows), encoding="utf-8", newline="")
    return path


def located_rows(store):
    con = duckdb.connect(str(store), read_only=True)
    try:
        return con.execute("SELECT incident_id, gss_code, easting, northing, hex_cell FROM incidents "
                           "ORDER BY incident_id").fetchall()
    finally:
        con.close()


def test_extract_on_the_british_national_grid_loads_points_and_hexagons(tmp_path):
    rows = [["G1", "2025-01-10", "Camden", "Public order", *FLAGS, *CAMDEN_TOWN_GRID],
            ["G2", "2025-01-11", "Sutton", "Public order", *FLAGS, *SUTTON_GRID],
            ["G3", "2025-01-12", "Camden", "Public order", *FLAGS, "", ""]]
    extract = write(tmp_path / "grid.csv", [*HEADER, "Easting", "Northing"], rows)
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-incidents", str(extract)) == 0
    cells = hex_cell_ids([528912.0, 525799.0], [183868.0, 164073.0])
    assert located_rows(store) == [("G1", "E09000007", 528912.0, 183868.0, cells[0]),
                                   ("G2", "E09000029", 525799.0, 164073.0, cells[1]),
                                   ("G3", "E09000007", None, None, None)]


def test_extract_in_latitude_and_longitude_is_reprojected_to_the_same_place(tmp_path):
    rows = [["D1", "2025-01-10", "Camden", "Public order", *FLAGS, *CAMDEN_TOWN_DEGREES],
            ["D2", "2025-01-11", "Hackney", "Public order", *FLAGS, *MARE_STREET_HACKNEY_DEGREES]]
    extract = write(tmp_path / "degrees.csv", [*HEADER, "Lat", "Long"], rows)
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-incidents", str(extract)) == 0
    (d1, code1, e1, n1, cell1), (_, code2, e2, n2, _) = located_rows(store)
    assert (code1, e1, n1) == ("E09000007", 528912.0, 183868.0)
    assert cell1 == hex_cell_ids([528912.0], [183868.0])[0]
    assert code2 == "E09000012" and 534000 < e2 < 536000 and 184000 < n2 < 185500


def test_a_point_in_sutton_recorded_as_camden_is_reported_with_its_id_and_nothing_loads(tmp_path, capsys):
    store = tmp_path / "store.duckdb"
    good = write(tmp_path / "good.csv", [*HEADER, "easting", "northing"],
                 [["K1", "2025-01-10", "Camden", "Public order", *FLAGS, *CAMDEN_TOWN_GRID]])
    assert run_cli(store, "load-incidents", str(good), "--name", "Good") == 0
    before = store_state(store)
    rows = [["K1", "2025-01-10", "Camden", "Public order", *FLAGS, *CAMDEN_TOWN_DEGREES],
            ["K2", "2025-01-11", "Camden", "Public order", *FLAGS, *SUTTON_DEGREES],
            ["K3", "2025-01-12", "Camden", "Public order", *FLAGS, "51.5", "0.9"]]
    bad = write(tmp_path / "misplaced.csv", [*HEADER, "latitude", "longitude"], rows)
    assert run_cli(store, "load-incidents", str(bad)) == 2
    error = capsys.readouterr().err
    assert "misplaced.csv: 2 problems found. Nothing was changed in the store." in error
    assert ("misplaced.csv, line 3, column 'latitude': offence K2: its point lies in Sutton, 17,413 m outside "
            "Camden, the borough it is recorded in") in error
    assert "(value: 'K2')" in error
    assert "line 4, column 'latitude': offence K3: its point lies outside London's boroughs" in error
    assert store_state(store) == before


def test_half_given_swapped_or_impossible_points_are_problems(tmp_path, capsys):
    rows = [["P1", "2025-01-10", "Camden", "Public order", *FLAGS, "528912", "", "", ""],
            ["P2", "2025-01-10", "Camden", "Public order", *FLAGS, "", "", "-0.1426", "51.5390"],
            ["P3", "2025-01-10", "Camden", "Public order", *FLAGS, "51.539", "-0.1426", "", ""],
            ["P4", "2025-01-10", "Camden", "Public order", *FLAGS, "n/a", "183868", "", ""]]
    extract = write(tmp_path / "points.csv", [*HEADER, "easting", "northing", "latitude", "longitude"], rows)
    assert run_cli(tmp_path / "store.duckdb", "load-incidents", str(extract)) == 2
    error = capsys.readouterr().err
    assert "line 2, column 'northing': the easting is given but the northing is empty; give both, or neither." in error
    assert "line 3, column 'latitude': latitude and longitude look swapped" in error
    assert "line 4, column 'easting': this is not an easting and northing on the British National Grid" in error
    assert "line 5, column 'easting': the easting is not a number. (value: 'n/a')" in error
    assert not (tmp_path / "store.duckdb").exists()
