"""Other boundaries (wards, neighbourhoods, ...): a GeoPackage, shapefile or GeoJSON in
any coordinate system, checked and kept in the store for later use.

Checked before the store is opened: a code column holding GSS codes (E05... for wards),
present and unique on every feature; polygons that are valid; every feature inside
London. Kept in the store (`boundary_sets`, `boundary_features`) as GeoJSON geometry in
longitude/latitude (EPSG:4326), wound clockwise as the dashboard's maps draw it, with the
borough each feature lies in, so a page can draw wards or join a ward code column to
them without reading the original file again.
"""

import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from geodata.borough_shapes import borough_shapes
from geodata.british_grid import BRITISH_NATIONAL_GRID, LONGITUDE_LATITUDE
from geodata.point_checks import BORDER_TOLERANCE_METRES, boroughs_of_points
from loaders.problems import LoadRefused, Problems
from loaders.read_text import fetch, is_url

GSS_CODE = re.compile(r"^[EWSN]\d{8}$")
CODE_COLUMN_NAME = re.compile(r"(cd|code)$", re.IGNORECASE)
NAME_COLUMN_NAME = re.compile(r"(nm|name)$", re.IGNORECASE)


@dataclass
class PreparedBoundaries:
    name: str
    location: str
    checksum_sha256: str
    source_crs: str
    code_column: str
    name_column: str | None
    features: pd.DataFrame  # code, name, gss_code, geometry_geojson


def prepare_boundaries(location: str, *, name: str | None = None, code_column: str | None = None,
                       name_column: str | None = None, progress=lambda message: None) -> PreparedBoundaries:
    """Read and check a boundary file; raise LoadRefused listing every problem."""
    source = fetch(location, progress)
    progress(f"Reading {source.name} ...")
    frame = _read(source, location)
    if frame.crs is None:
        raise LoadRefused.single(source.name, "the file does not say which coordinate system it uses (a "
                                              "shapefile needs its .prj file beside it); nothing can be checked.")
    problems = Problems(source.name, unit="feature")
    code_column = code_column or _guess_column(frame, source.name)
    if code_column not in frame.columns:
        raise LoadRefused.single(source.name, f"there is no column '{code_column}'. Columns: "
                                 + ", ".join(c for c in frame.columns if c != "geometry") + ".")
    if name_column is None:
        name_column = next((c for c in frame.columns if c != code_column and NAME_COLUMN_NAME.search(c)), None)

    codes = frame[code_column].astype("string").str.strip()
    seen = {}
    for number, code in enumerate(codes, start=1):
        if pd.isna(code) or not code:
            problems.add(number, code_column, "", "the code is empty; every boundary needs its GSS code.")
        elif not GSS_CODE.match(code):
            problems.add(number, code_column, code, "this is not a GSS code (a letter and eight digits, "
                                                    "e.g. E05013652 for a ward).")
        elif code in seen:
            problems.add(number, code_column, code, f"this code is already used by feature {seen[code]}.")
        else:
            seen[code] = number
    geometry = frame.geometry
    for number, (shape, valid) in enumerate(zip(geometry, geometry.is_valid), start=1):
        if shape is None or shape.is_empty:
            problems.add(number, "geometry", None, "the feature has no shape.")
        elif shape.geom_type not in ("Polygon", "MultiPolygon"):
            problems.add(number, "geometry", shape.geom_type, "boundaries must be polygons.")
        elif not valid:
            problems.add(number, "geometry", shapely.is_valid_reason(shape),
                         "the polygon is not valid (it crosses itself or its rings are broken); repair it "
                         "in a GIS (e.g. QGIS 'Fix geometries') and load it again.")
    problems.raise_if_any()

    progress("Checking that every boundary lies inside London ...")
    on_grid = frame.to_crs(BRITISH_NATIONAL_GRID)
    london = borough_shapes().geometry.union_all().buffer(BORDER_TOLERANCE_METRES)
    inside = on_grid.geometry.within(london)
    points = on_grid.geometry.representative_point()
    holding = boroughs_of_points(points.x, points.y)
    for number, (ok, code) in enumerate(zip(inside, codes), start=1):
        if not ok:
            outside = on_grid.geometry.iloc[number - 1].difference(london).area / 1e6
            problems.add(number, code_column, code, f"this boundary lies outside London ({outside:,.2f} km2 of it "
                                                    "is beyond the borough boundaries).")
    problems.raise_if_any()

    in_degrees = on_grid.to_crs(LONGITUDE_LATITUDE).geometry.orient_polygons(exterior_cw=True)
    features = pd.DataFrame({
        "code": codes.to_numpy(dtype=object),
        "name": (frame[name_column].astype("string").to_numpy(dtype=object) if name_column else None),
        "gss_code": holding.gss_code.to_numpy(dtype=object),
        "geometry_geojson": shapely.to_geojson(in_degrees.to_numpy()),
    })
    return PreparedBoundaries(name=name or Path(source.name).stem, location=source.location,
                              checksum_sha256=source.sha256, source_crs=frame.crs.to_string(),
                              code_column=code_column, name_column=name_column, features=features)


def _read(source, location: str) -> gpd.GeoDataFrame:
    # A shapefile is several files side by side, so a local path is read where it is;
    # a download is read from memory (GeoPackage, GeoJSON or a zipped shapefile).
    target = io.BytesIO(source.data) if is_url(location) else source.location
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # GDAL's notes on odd but readable files
            return gpd.read_file(target)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, ValueError) as error:
        raise LoadRefused.single(source.name, f"this cannot be read as a GeoPackage, shapefile or GeoJSON "
                                              f"({error}).") from None


def _guess_column(frame: gpd.GeoDataFrame, file_name: str) -> str:
    candidates = [c for c in frame.columns if c != "geometry" and CODE_COLUMN_NAME.search(c)
                  and frame[c].astype("string").str.strip().str.match(GSS_CODE.pattern).fillna(False).mean() > 0.5]
    if len(candidates) == 1:
        return candidates[0]
    columns = ", ".join(c for c in frame.columns if c != "geometry")
    what = "several columns could be it: " + ", ".join(candidates) if candidates else "none was found"
    raise LoadRefused.single(file_name, f"say which column holds the GSS codes with --code-column ({what}). "
                                        f"Columns: {columns}.")


def write_boundaries(con, prepared: PreparedBoundaries) -> bool:
    """Store (or replace) the boundary set; True if one of that name was replaced."""
    replaced = con.execute("SELECT count(*) FROM boundary_sets WHERE name = ?", [prepared.name]).fetchone()[0] > 0
    con.execute("DELETE FROM boundary_features WHERE set_name = ?", [prepared.name])
    con.execute("DELETE FROM boundary_sets WHERE name = ?", [prepared.name])
    con.execute("INSERT INTO boundary_sets (name, code_column, name_column, source, source_crs, checksum_sha256, "
                "features) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [prepared.name, prepared.code_column, prepared.name_column, prepared.location,
                 prepared.source_crs, prepared.checksum_sha256, len(prepared.features)])
    con.register("new_boundaries", prepared.features)
    try:
        con.execute("INSERT INTO boundary_features SELECT ?, code, name, gss_code, geometry_geojson "
                    "FROM new_boundaries", [prepared.name])
    finally:
        con.unregister("new_boundaries")
    return replaced
