"""Coordinates on the British National Grid (EPSG:27700, metres), where distances and
hexagon sizes are true, and back to longitude/latitude (EPSG:4326) for drawing.

pyproj's default transformation between the two is a Helmert shift, good to a few
metres without the OSTN15 grid file (which would need the network); far finer than a
300-500 m hexagon.
"""

from functools import lru_cache

import numpy as np
from pyproj import Transformer

BRITISH_NATIONAL_GRID = "EPSG:27700"
LONGITUDE_LATITUDE = "EPSG:4326"


@lru_cache(maxsize=None)
def _transformer(source: str, target: str) -> Transformer:
    # always_xy: longitude before latitude, easting before northing, whatever the CRS says.
    return Transformer.from_crs(source, target, always_xy=True)


def to_british_grid(longitude, latitude) -> tuple[np.ndarray, np.ndarray]:
    """Eastings and northings in metres for longitudes and latitudes in degrees."""
    return _transformer(LONGITUDE_LATITUDE, BRITISH_NATIONAL_GRID).transform(
        np.asarray(longitude, dtype=float), np.asarray(latitude, dtype=float))


def to_longitude_latitude(easting, northing) -> tuple[np.ndarray, np.ndarray]:
    """Longitudes and latitudes in degrees for eastings and northings in metres."""
    return _transformer(BRITISH_NATIONAL_GRID, LONGITUDE_LATITUDE).transform(
        np.asarray(easting, dtype=float), np.asarray(northing, dtype=float))


def transform_xy_to_longitude_latitude(xy: np.ndarray) -> np.ndarray:
    """For shapely.transform: an (n, 2) array of eastings/northings as longitudes/latitudes."""
    longitude, latitude = to_longitude_latitude(xy[:, 0], xy[:, 1])
    return np.column_stack([longitude, latitude])
