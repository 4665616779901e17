"""Checks on the committed borough GeoJSON (no network, no apt, no rdata)."""

import json
from pathlib import Path

import pytest
import shapely
from shapely.geometry import shape

# Located by path rather than via `import geodata`, so plain `pytest` works
# without the project root on sys.path.
GEOJSON = Path(__file__).resolve().parents[1] / "geodata" / "london_boroughs.geojson"
EXPECTED_CODES = [f"E09{n:06d}" for n in range(1, 34)]


@pytest.fixture(scope="module")
def collection():
    return json.loads(GEOJSON.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def geometries(collection):
    return {f["properties"]["name"]: shape(f["geometry"]) for f in collection["features"]}


def test_one_feature_per_borough_sorted_by_code(collection):
    features = collection["features"]
    assert [f["id"] for f in features] == EXPECTED_CODES
    for f in features:
        assert f["properties"].keys() == {"gss_code", "name"}
        assert f["properties"]["gss_code"] == f["id"]


def test_every_geometry_is_valid_and_wound_for_plotly(geometries):
    for name, geom in geometries.items():
        assert geom.is_valid, f"{name}: {shapely.is_valid_reason(geom)}"
        assert not geom.is_empty, name
        # d3-geo (Plotly's go.Choropleth) fills the outside of counter-clockwise shells.
        polygons = getattr(geom, "geoms", [geom])
        assert not any(p.exterior.is_ccw for p in polygons), f"{name} has a CCW exterior ring"


def test_neighbours_share_borders_without_gaps_or_overlaps(geometries):
    border = geometries["Camden"].intersection(geometries["Islington"])
    assert border.length > 0.01  # degrees; the real shared edge is ~0.07
    assert border.area == 0
    assert shapely.coverage_is_valid(list(geometries.values()))


def test_file_is_small_enough_to_ship():
    assert GEOJSON.stat().st_size < 400 * 1024
