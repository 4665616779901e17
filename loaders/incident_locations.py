"""Where an offence happened, when an extract says: easting and northing on the British
National Grid (EPSG:27700, metres) or latitude and longitude (WGS84 degrees).

Each row's point is checked as it is read (both halves given, numbers, inside Great
Britain's range); then all points are reprojected to the British National Grid and
joined to the borough boundaries, and an offence whose point lies outside the borough
it is recorded in is a problem like any other bad input, reported with its id.
"""

from dataclasses import dataclass

import numpy as np

from geodata.british_grid import to_british_grid
from geodata.hex_grid import hex_cell_ids
from geodata.point_checks import BORDER_TOLERANCE_METRES, misplaced_points
from loaders.borough_names import BoroughMatcher
from loaders.problems import Problems

LOCATION_FIELDS = {
    "easting": "British National Grid easting in metres (EPSG:27700), with northing; may be empty",
    "northing": "British National Grid northing in metres (EPSG:27700), with easting; may be empty",
    "latitude": "latitude in degrees (WGS84), with longitude; used when there is no easting/northing",
    "longitude": "longitude in degrees (WGS84), with latitude; used when there is no easting/northing",
}
LOCATION_NAMES = {
    "easting": ["easting", "x_coordinate", "grid_easting"],
    "northing": ["northing", "y_coordinate", "grid_northing"],
    "latitude": ["latitude", "lat"],
    "longitude": ["longitude", "lon", "lng", "long"],
}
# The British National Grid's extent (metres): a value outside is not on the grid.
GRID_EASTING_RANGE = (0.0, 700_000.0)
GRID_NORTHING_RANGE = (0.0, 1_300_000.0)
# Great Britain in degrees, to catch latitude and longitude written the wrong way round.
GB_LATITUDE_RANGE = (49.0, 61.0)
GB_LONGITUDE_RANGE = (-9.0, 2.5)


@dataclass
class RowPoint:
    """A checked point as read: on the grid ('grid') or in degrees ('degrees')."""
    system: str
    first: float   # easting, or longitude
    second: float  # northing, or latitude


def read_point(value: dict, header_of: dict, line: int, problems: Problems) -> RowPoint | None:
    """The point a row gives, None when it gives none; adds a problem for a half-given
    or impossible point."""
    grid = _pair(value, header_of, "easting", "northing", line, problems)
    if grid is False:
        return None
    if grid is not None:
        easting, northing = grid
        if not (GRID_EASTING_RANGE[0] <= easting <= GRID_EASTING_RANGE[1]
                and GRID_NORTHING_RANGE[0] <= northing <= GRID_NORTHING_RANGE[1]):
            problems.add(line, header_of["easting"], f"{value['easting']}, {value['northing']}",
                         "this is not an easting and northing on the British National Grid (metres, "
                         "EPSG:27700); latitude and longitude go in their own columns.")
            return None
        return RowPoint("grid", easting, northing)
    degrees = _pair(value, header_of, "latitude", "longitude", line, problems)
    if not degrees:
        return None
    latitude, longitude = degrees
    if GB_LATITUDE_RANGE[0] <= longitude <= GB_LATITUDE_RANGE[1] and \
            GB_LONGITUDE_RANGE[0] <= latitude <= GB_LONGITUDE_RANGE[1]:
        problems.add(line, header_of["latitude"], f"{value['latitude']}, {value['longitude']}",
                     "latitude and longitude look swapped (London is near latitude 51.5, longitude -0.1).")
        return None
    if not (GB_LATITUDE_RANGE[0] <= latitude <= GB_LATITUDE_RANGE[1]
            and GB_LONGITUDE_RANGE[0] <= longitude <= GB_LONGITUDE_RANGE[1]):
        problems.add(line, header_of["latitude"], f"{value['latitude']}, {value['longitude']}",
                     "this latitude and longitude are not in Great Britain.")
        return None
    return RowPoint("degrees", longitude, latitude)


def _pair(value, header_of, first, second, line, problems):
    """(a, b) floats; None when neither is given (or the columns are absent); False after
    adding a problem."""
    if first not in header_of and second not in header_of:
        return None
    texts = {field: value.get(field, "") for field in (first, second)}
    if not any(texts.values()):
        return None
    missing = [field for field, text in texts.items() if not text]
    if missing:
        given = next(field for field in (first, second) if field not in missing)
        problems.add(line, header_of.get(missing[0], missing[0]), "",
                     f"the {given} is given but the {missing[0]} is empty; give both, or neither.")
        return False
    numbers = []
    for field, text in texts.items():
        try:
            number = float(text)
        except ValueError:
            number = float("nan")
        if not np.isfinite(number):
            problems.add(line, header_of[field], text, f"the {field} is not a number.")
            return False
        numbers.append(number)
    return tuple(numbers)


def place_points(points: list[RowPoint | None]) -> tuple[np.ndarray, np.ndarray]:
    """Eastings and northings (NaN where a row has no point), reprojecting degrees."""
    easting = np.full(len(points), np.nan)
    northing = np.full(len(points), np.nan)
    grid = [i for i, p in enumerate(points) if p is not None and p.system == "grid"]
    degrees = [i for i, p in enumerate(points) if p is not None and p.system == "degrees"]
    easting[grid] = [points[i].first for i in grid]
    northing[grid] = [points[i].second for i in grid]
    if degrees:
        e, n = to_british_grid([points[i].first for i in degrees], [points[i].second for i in degrees])
        easting[degrees], northing[degrees] = e, n
    return easting, northing


def check_points_in_recorded_boroughs(easting: np.ndarray, northing: np.ndarray, gss_codes: list[str],
                                      incident_ids: list[str], lines: list[int], point_columns: list[str],
                                      matcher: BoroughMatcher, problems: Problems) -> None:
    """A problem for every offence whose point lies outside the borough it is recorded in."""
    located = np.flatnonzero(~np.isnan(easting))
    misplaced = misplaced_points(easting[located], northing[located], np.asarray(gss_codes, dtype=object)[located])
    names = {borough.gss_code: borough.name for borough in matcher.by_code.values()}
    for row in misplaced.itertuples():
        index = located[row.position]
        recorded = names.get(row.recorded_gss_code, row.recorded_gss_code)
        where = f"in {row.found_name}" if isinstance(row.found_name, str) else "outside London's boroughs"
        problems.add(lines[index], point_columns[index], incident_ids[index],
                     f"offence {incident_ids[index]}: its point lies {where}, {row.metres_outside:,.0f} m outside "
                     f"{recorded}, the borough it is recorded in (points within {BORDER_TOLERANCE_METRES:.0f} m "
                     "of the boundary are accepted). Correct the borough or the location.")


def location_columns(easting: np.ndarray, northing: np.ndarray) -> dict:
    """The store's location columns: metres on the grid, rounded to 1 m, and the hexagon."""
    return {"easting": np.round(easting, 0), "northing": np.round(northing, 0),
            "hex_cell": hex_cell_ids(easting, northing).to_numpy(dtype=object)}
