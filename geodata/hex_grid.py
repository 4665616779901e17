"""A fixed hexagon grid over London on the British National Grid, for counting offences
by small area inside a borough.

The grid is built with numpy and shapely rather than the `h3` library: H3 cells are
fixed sizes on a sphere (resolution 8 is ~920 m across, 9 is ~350 m, with no choice in
between and cells slightly distorted), whereas a grid in metres on EPSG:27700 gives
exactly the size chosen, and needs no further dependency. Every offence is given its
cell at load time; a cell's id names its size, so a store never mixes grids.
"""

from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import shapely

from geodata.borough_shapes import borough_shape, borough_shapes
from geodata.british_grid import transform_xy_to_longitude_latitude

# Flat side to flat side: small enough to show a town centre or an estate apart from
# its surroundings, large enough that most cells with offences hold more than a handful.
HEX_ACROSS_METRES = 400
HEX_RADIUS_METRES = HEX_ACROSS_METRES / np.sqrt(3)  # centre to corner, pointy-top hexagons
CELL_PREFIX = f"hex{HEX_ACROSS_METRES}m"
# Slivers left by clipping a hexagon to a borough edge, smaller than this, are dropped:
# a 20 m x 20 m corner holds no street worth showing.
MIN_CLIPPED_AREA_M2 = 400.0
# Decimal places of longitude and latitude in the cells sent to the browser: 5 is about a
# metre, far below what a 400 m cell needs, and a third of the bytes of full precision
# (a large borough's map is sent with every filter change).
CELL_COORDINATE_DECIMALS = 5
# The app serves each borough's cells here (app.py), so the browser fetches a borough's
# grid once and caches it; a map answer then carries only cell ids and counts, not the
# shapes (up to ~400 KB for the largest boroughs, with every filter change).
HEX_CELLS_URL_PREFIX = "/geodata/hex/"
HEX_CELLS_URL_SUFFIX = ".geojson"


def _axial(easting, northing) -> tuple[np.ndarray, np.ndarray]:
    """Axial coordinates (q, r) of the hexagon holding each point (cube rounding)."""
    x = np.asarray(easting, dtype=float) / HEX_RADIUS_METRES
    y = np.asarray(northing, dtype=float) / HEX_RADIUS_METRES
    q = np.sqrt(3) / 3 * x - y / 3
    r = 2 / 3 * y
    s = -q - r
    rq, rr, rs = np.round(q), np.round(r), np.round(s)
    dq, dr, ds = np.abs(rq - q), np.abs(rr - r), np.abs(rs - s)
    fix_q = (dq > dr) & (dq > ds)
    fix_r = ~fix_q & (dr > ds)
    rq = np.where(fix_q, -rr - rs, rq)
    rr = np.where(fix_r, -rq - rs, rr)
    return rq.astype(np.int64), rr.astype(np.int64)


def hex_cell_ids(easting, northing) -> pd.Series:
    """The cell id ('hex400m:q:r') of each point, missing where a coordinate is missing."""
    easting = np.asarray(easting, dtype=float)
    northing = np.asarray(northing, dtype=float)
    unknown = np.isnan(easting) | np.isnan(northing)
    q, r = _axial(np.where(unknown, 0, easting), np.where(unknown, 0, northing))
    # Joined in Arrow, not as Python strings: the benchmark's demo stores give millions
    # of offences a cell, and Python strings would take seconds per million.
    ids = pc.binary_join_element_wise(CELL_PREFIX, pc.cast(pa.array(q, mask=unknown), pa.string()),
                                      pc.cast(pa.array(r, mask=unknown), pa.string()), ":")
    return pd.Series(pd.arrays.ArrowExtensionArray(ids), name="hex_cell")


def _centres(q: np.ndarray, r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return HEX_RADIUS_METRES * np.sqrt(3) * (q + r / 2), HEX_RADIUS_METRES * 1.5 * r


def _hexagons(q: np.ndarray, r: np.ndarray) -> np.ndarray:
    cx, cy = _centres(q, r)
    angles = np.radians(30 + 60 * np.arange(7))  # the 7th corner closes the ring
    xs = cx[:, None] + HEX_RADIUS_METRES * np.cos(angles)[None, :]
    ys = cy[:, None] + HEX_RADIUS_METRES * np.sin(angles)[None, :]
    return shapely.polygons(np.stack([xs, ys], axis=-1))


@lru_cache(maxsize=64)
def borough_hex_cells(gss_code: str) -> dict:
    """The cells covering one borough, clipped to its boundary, as a GeoJSON
    FeatureCollection in longitude/latitude (feature id: the cell id), exteriors
    clockwise as plotly's geo maps need. Cached: treat it as read-only."""
    shape = borough_shape(gss_code)
    minx, miny, maxx, maxy = shape.bounds
    r_range = np.arange(np.floor(miny / (1.5 * HEX_RADIUS_METRES)) - 1,
                        np.ceil(maxy / (1.5 * HEX_RADIUS_METRES)) + 2)
    step = HEX_RADIUS_METRES * np.sqrt(3)
    candidates_q, candidates_r = [], []
    for r in r_range:
        q_low = np.floor(minx / step - r / 2) - 1
        q_high = np.ceil(maxx / step - r / 2) + 2
        qs = np.arange(q_low, q_high)
        candidates_q.append(qs)
        candidates_r.append(np.full(len(qs), r))
    q = np.concatenate(candidates_q).astype(np.int64)
    r = np.concatenate(candidates_r).astype(np.int64)
    hexagons = _hexagons(q, r)
    clipped = shapely.intersection(hexagons, shape)
    keep = shapely.area(clipped) >= MIN_CLIPPED_AREA_M2
    clipped = shapely.orient_polygons(
        shapely.transform(clipped[keep], _rounded_longitude_latitude), exterior_cw=True)
    features = [
        {"type": "Feature", "id": f"{CELL_PREFIX}:{a}:{b}", "properties": {},
         "geometry": shapely.geometry.mapping(geometry)}
        for a, b, geometry in zip(q[keep], r[keep], clipped)
    ]
    return {"type": "FeatureCollection", "features": features}


def _rounded_longitude_latitude(xy: np.ndarray) -> np.ndarray:
    return np.round(transform_xy_to_longitude_latitude(xy), CELL_COORDINATE_DECIMALS)


def borough_outline(gss_code: str) -> tuple[list, list]:
    """The borough boundary as longitude and latitude lists (None between rings), for
    drawing it as a line over the cells: fresh lists, to the cells' precision."""
    longitudes, latitudes = _outline(gss_code)
    return list(longitudes), list(latitudes)


@lru_cache(maxsize=64)
def _outline(gss_code: str) -> tuple[tuple, tuple]:
    # Rounded as the cells are: full precision tripled the outline's bytes in every answer.
    shape = shapely.transform(borough_shape(gss_code), _rounded_longitude_latitude)
    longitudes, latitudes = [], []
    for polygon in getattr(shape, "geoms", [shape]):
        for ring in [polygon.exterior, *polygon.interiors]:
            xs, ys = ring.coords.xy
            longitudes += [*xs, None]
            latitudes += [*ys, None]
    return tuple(longitudes), tuple(latitudes)


def hex_cells_url(gss_code: str) -> str:
    """Where the app serves one borough's cells (app.py), for a figure drawn in the browser."""
    return f"{HEX_CELLS_URL_PREFIX}{gss_code}{HEX_CELLS_URL_SUFFIX}"


def hex_cells_at(url) -> dict | None:
    """The cells `url` (from hex_cells_url) stands for, or None when it names no borough of
    the boundary file: anything else is never read, opened or fetched."""
    if not isinstance(url, str) or not (url.startswith(HEX_CELLS_URL_PREFIX) and url.endswith(HEX_CELLS_URL_SUFFIX)):
        return None
    gss_code = url[len(HEX_CELLS_URL_PREFIX):-len(HEX_CELLS_URL_SUFFIX)]
    if gss_code not in known_borough_codes():
        return None
    return borough_hex_cells(gss_code)


@lru_cache(maxsize=1)
def known_borough_codes() -> frozenset[str]:
    """The GSS codes of the shipped boundary file, the only ones a cells URL may name."""
    return frozenset(borough_shapes().gss_code)


def warm_hex_cells() -> None:
    """Cut every Met borough's cells now (about 50 ms each) rather than on the first
    profile of each borough: in Gunicorn's master before it forks, so every worker
    starts with them (wsgi.py)."""
    for gss_code in sorted(known_borough_codes()):
        borough_hex_cells(gss_code)
