"""`load-boundaries`: other boundaries in any format and coordinate system, checked
(codes present, polygons valid, inside London) and kept in the store."""

import json

import duckdb
import geopandas as gpd
from shapely.geometry import Polygon, box

from tests.load_fixtures import run_cli, store_state

# Two squares in Camden, on the British National Grid (metres).
CAMDEN_SQUARES = [box(528500, 183500, 529000, 184000), box(527000, 185000, 527500, 185500)]
MANCHESTER = box(383000, 398000, 383500, 398500)
BOWTIE = Polygon([(528500, 183500), (529000, 184000), (529000, 183500), (528500, 184000)])


def wards(path, geometries, codes, crs="EPSG:27700", driver=None):
    frame = gpd.GeoDataFrame({"WD24CD": codes, "WD24NM": [f"Ward {i}" for i in range(len(codes))]},
                             geometry=geometries, crs="EPSG:27700").to_crs(crs)
    frame.to_file(path, driver=driver)
    return path


def stored(store):
    con = duckdb.connect(str(store), read_only=True)
    try:
        return (con.execute("SELECT name, code_column, name_column, source_crs, features FROM boundary_sets").fetchall(),
                con.execute("SELECT code, name, gss_code, geometry_geojson FROM boundary_features ORDER BY code").fetchall())
    finally:
        con.close()


def test_a_geopackage_on_the_british_grid_is_checked_and_kept_in_longitude_latitude(tmp_path):
    store = tmp_path / "store.duckdb"
    source = wards(tmp_path / "camden_wards.gpkg", CAMDEN_SQUARES, ["E05013652", "E05013653"])
    assert run_cli(store, "load-boundaries", str(source)) == 0
    sets, features = stored(store)
    assert sets == [("camden_wards", "WD24CD", "WD24NM", "EPSG:27700", 2)]
    assert [(code, name, borough) for code, name, borough, _ in features] == [
        ("E05013652", "Ward 0", "E09000007"), ("E05013653", "Ward 1", "E09000007")]
    longitude, latitude = json.loads(features[0][3])["coordinates"][0][0]
    assert -0.15 < longitude < -0.13 and 51.53 < latitude < 51.55


def test_a_shapefile_in_latitude_longitude_loads_the_same(tmp_path):
    store = tmp_path / "store.duckdb"
    source = wards(tmp_path / "wards.shp", CAMDEN_SQUARES, ["E05013652", "E05013653"], crs="EPSG:4326")
    assert run_cli(store, "load-boundaries", str(source), "--name", "Camden wards") == 0
    sets, features = stored(store)
    assert sets[0][0] == "Camden wards" and sets[0][3] == "EPSG:4326"
    assert [borough for _, _, borough, _ in features] == ["E09000007", "E09000007"]


def test_missing_codes_broken_polygons_and_places_outside_london_are_refused(tmp_path, capsys):
    store = tmp_path / "store.duckdb"
    assert run_cli(store, "load-boundaries", str(wards(tmp_path / "ok.gpkg", CAMDEN_SQUARES[:1], ["E05013652"]))) == 0
    before = store_state(store)
    source = wards(tmp_path / "bad.gpkg", [CAMDEN_SQUARES[1], BOWTIE, MANCHESTER, CAMDEN_SQUARES[0]],
                   ["", "E05013652", "E05000001", "E05000001"])
    assert run_cli(store, "load-boundaries", str(source), "--code-column", "WD24CD") == 2
    error = capsys.readouterr().err
    assert "bad.gpkg, feature 1, column 'WD24CD': the code is empty" in error
    assert "bad.gpkg, feature 2, column 'geometry': the polygon is not valid" in error
    assert "bad.gpkg, feature 4, column 'WD24CD': this code is already used by feature 3." in error
    assert store_state(store) == before
    source = wards(tmp_path / "far.gpkg", [MANCHESTER], ["E05000001"])
    assert run_cli(store, "load-boundaries", str(source)) == 2
    assert "far.gpkg, feature 1, column 'WD24CD': this boundary lies outside London (0.25 km2" in \
        capsys.readouterr().err
    assert store_state(store) == before
