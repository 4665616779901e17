"""Which borough each point lies in (a spatial join on the British National Grid), and
which points lie outside the borough their offence is recorded in."""

import geopandas as gpd
import numpy as np
import pandas as pd

from geodata.borough_shapes import borough_shapes
from geodata.british_grid import BRITISH_NATIONAL_GRID

# The committed boundaries are simplified (coverage_simplify at 3e-4 degrees moves an
# edge by up to ~33 m), so a point this close to its recorded borough is accepted: an
# offence on a boundary street must not be refused for the simplification's sake.
BORDER_TOLERANCE_METRES = 50.0


def boroughs_of_points(easting, northing) -> pd.DataFrame:
    """gss_code and name of the borough holding each point (missing outside London), in the
    order of the points. A point exactly on a shared edge gets one of the two."""
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(easting, northing), crs=BRITISH_NATIONAL_GRID)
    joined = gpd.sjoin(points, borough_shapes(), how="left", predicate="within")
    joined = joined[~joined.index.duplicated(keep="first")].reindex(points.index)
    return pd.DataFrame({"gss_code": joined.gss_code.to_numpy(dtype=object),
                         "name": joined["name"].to_numpy(dtype=object)})


def misplaced_points(easting, northing, recorded_gss_codes) -> pd.DataFrame:
    """The points lying outside the borough they are recorded in, by more than
    BORDER_TOLERANCE_METRES: position (in the input), found_gss_code, found_name (missing
    outside London), recorded_gss_code, metres_outside (distance to the recorded borough)."""
    columns = ["position", "found_gss_code", "found_name", "recorded_gss_code", "metres_outside"]
    easting = np.asarray(easting, dtype=float)
    northing = np.asarray(northing, dtype=float)
    recorded = np.asarray(recorded_gss_codes, dtype=object)
    if len(easting) == 0:
        return pd.DataFrame(columns=columns)
    found = boroughs_of_points(easting, northing)
    differ = np.flatnonzero(found.gss_code.to_numpy() != recorded)
    if differ.size == 0:
        return pd.DataFrame(columns=columns)
    shapes = borough_shapes().set_index("gss_code").geometry
    points = gpd.points_from_xy(easting[differ], northing[differ])
    recorded_shapes = gpd.GeoSeries(shapes.reindex(recorded[differ]).to_numpy(), crs=BRITISH_NATIONAL_GRID)
    distance = gpd.GeoSeries(points, crs=BRITISH_NATIONAL_GRID).distance(recorded_shapes).to_numpy()
    far = distance > BORDER_TOLERANCE_METRES
    return pd.DataFrame({
        "position": differ[far],
        "found_gss_code": found.gss_code.to_numpy()[differ[far]],
        "found_name": found["name"].to_numpy()[differ[far]],
        "recorded_gss_code": recorded[differ[far]],
        "metres_outside": distance[far].round(0),
    }, columns=columns).reset_index(drop=True)
