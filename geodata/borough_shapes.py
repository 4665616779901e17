"""The borough boundaries as a GeoDataFrame on the British National Grid, for spatial
joins (which borough a point is in) and for clipping the hexagon map to a borough."""

from functools import lru_cache
from pathlib import Path

import geopandas as gpd

from geodata import DEFAULT_PATH
from geodata.british_grid import BRITISH_NATIONAL_GRID


@lru_cache(maxsize=None)
def borough_shapes(path: Path | str = DEFAULT_PATH) -> gpd.GeoDataFrame:
    """gss_code, name, geometry (EPSG:27700), one row per borough including the City.

    Cached and shared between callers: treat it as read-only (copy before changing it).
    """
    frame = gpd.read_file(path)[["gss_code", "name", "geometry"]]
    return frame.to_crs(BRITISH_NATIONAL_GRID)


def borough_shape(gss_code: str, path: Path | str = DEFAULT_PATH):
    """One borough's (multi)polygon on the British National Grid."""
    shapes = borough_shapes(path)
    match = shapes[shapes.gss_code == gss_code]
    if match.empty:
        raise ValueError(f"no borough with the GSS code {gss_code}")
    return match.geometry.iloc[0]
