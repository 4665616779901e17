"""Build geodata/london_boroughs.geojson from Debian's r-cran-spdata package.

The ONS "London_Borough_Excluding_MHW" boundaries ship in spData as the R
dataset ``lnd``; Debian is one of the few sources reachable from our build
environment, so we unpack the .deb and read R's lazy-load database directly.

Reading, checking, simplifying and writing go through geopandas (coverage
simplification keeps shared borders exact). Build-only dependency: rdata (the app only
reads the JSON output).

    python -m geodata.build_boundaries [--deb PATH] [--tolerance DEG] [--output PATH]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import warnings
import zlib
from pathlib import Path

import geopandas as gpd
import numpy as np
import rdata
from shapely.geometry import MultiPolygon, Polygon

from . import BOUNDARY_ATTRIBUTION, DEFAULT_PATH

PACKAGE = "r-cran-spdata"
DATA_DIR = Path("usr/lib/R/site-library/spData/data")
DATASET = "lnd"
SOURCE_LAYER = "London_Borough_Excluding_MHW"
EXPECTED_CRS = "EPSG:4326"
EXPECTED_CODES = [f"E09{n:06d}" for n in range(1, 34)]

# Degrees, i.e. roughly 20 m east-west and 33 m north-south in London: invisible
# at whole-city zoom, and it cuts ~48.5k vertices (~2 MB) to ~9k (~200 KB).
DEFAULT_TOLERANCE = 3e-4
# 1e-5 degrees is about 1 m, far below the simplification error.
DECIMALS = 5


class BuildError(Exception):
    """A problem the user can act on; reported as one sentence, no traceback."""


def run(cmd: list[str], cwd: Path | None = None) -> str:
    if shutil.which(cmd[0]) is None:
        raise BuildError(f"{cmd[0]} was not found; is this a Debian-based system?")
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        detail = (proc.stderr.strip() or proc.stdout.strip()).splitlines()
        raise BuildError(
            f"`{' '.join(cmd)}` failed (exit {proc.returncode})"
            + (f": {detail[-1].rstrip('.')}." if detail else ".")
        )
    return proc.stdout


def download_deb(dest: Path) -> Path:
    if shutil.which("apt-get") is None:
        raise BuildError(
            f"apt-get was not found; download {PACKAGE}'s .deb on a Debian-based "
            "system and pass it with --deb."
        )
    try:
        run(["apt-get", "download", PACKAGE], cwd=dest)
    except BuildError as exc:
        raise BuildError(
            f"{exc} Run `apt-get update` first, or download {PACKAGE}'s .deb "
            "yourself and pass it with --deb."
        ) from None
    debs = sorted(dest.glob(f"{PACKAGE}_*.deb"))
    if not debs:
        raise BuildError(f"apt-get reported success but no {PACKAGE} .deb appeared in {dest}.")
    return debs[-1]


def read_lnd(data_dir: Path):
    """Return (DataFrame, CRS string) for the ``lnd`` sf object."""
    # rdata warns about every sf/crs class it has no constructor for; the plain
    # R structures it falls back to are exactly what we want, so the noise is hidden.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        index = rdata.conversion.convert(rdata.parser.parse_file(data_dir / "Rdata.rdx"))
        offset, length = (int(v) for v in index["variables"][DATASET])
        with open(data_dir / "Rdata.rdb", "rb") as f:
            f.seek(offset)
            blob = f.read(length)
        # Each record is a 4-byte big-endian uncompressed length, then a zlib stream.
        parsed = rdata.parser.parse_data(zlib.decompress(blob[4:]))
        frame = rdata.conversion.convert(parsed)

        attrs = rdata.conversion.convert(parsed.object.attributes)
        geom_col = list(attrs["names"]).index(str(attrs["sf_column"][0]))
        crs = rdata.conversion.convert(parsed.object.value[geom_col].attributes)["crs"]
    return frame, str(crs["input"][0])


def to_shapely(parts) -> MultiPolygon:
    # sf MULTIPOLYGON -> list of polygons, each a list of (n, 2) closed rings with
    # the exterior first. lnd has no holes, but three boroughs have two parts.
    return MultiPolygon([Polygon(rings[0], rings[1:]) for rings in parts])


def prepare(boroughs: gpd.GeoDataFrame, tolerance: float) -> gpd.GeoDataFrame:
    """Simplified, rounded, valid and wound for plotly; the input is left as it was."""
    out = boroughs.copy()
    # Coverage simplification moves each shared edge once, so neighbours stay
    # gap- and overlap-free, which per-polygon simplify() would not guarantee.
    out["geometry"] = out.geometry.simplify_coverage(tolerance)
    # Rounding maps a shared vertex to the same value on both sides, so it keeps
    # the coverage intact; it can still pinch a thin part, hence the check below.
    out["geometry"] = out.geometry.transform(lambda xy: np.round(xy, DECIMALS))

    invalid = ~out.geometry.is_valid
    if invalid.any():
        print("Repaired with make_valid after simplifying/rounding: " + ", ".join(out.loc[invalid, "NAME"]))
        out.loc[invalid, "geometry"] = out.geometry[invalid].make_valid(method="structure", keep_collapsed=False)

    # Plotly's go.Choropleth draws GeoJSON with d3-geo, which treats a
    # counter-clockwise (RFC 7946) exterior as "everything except this shape";
    # clockwise works there and is ignored by MapLibre/Leaflet.
    out["geometry"] = out.geometry.orient_polygons(exterior_cw=True)
    return out


def validate(boroughs: gpd.GeoDataFrame) -> None:
    codes = boroughs["GSS_CODE"].tolist()
    if len(codes) != len(EXPECTED_CODES):
        raise BuildError(f"Expected {len(EXPECTED_CODES)} boroughs but the data has {len(codes)}.")
    missing = sorted(set(EXPECTED_CODES) - set(codes))
    if missing:
        raise BuildError(f"These borough GSS codes are missing: {', '.join(missing)}.")
    geoms = boroughs.geometry
    bad = (geoms.is_empty | ~geoms.is_valid | ~geoms.geom_type.isin(["Polygon", "MultiPolygon"]))
    if bad.any():
        reasons = geoms[bad].is_valid_reason()
        raise BuildError("These boroughs have invalid geometry: "
                         + "; ".join(f"{name} ({reason})" for name, reason in zip(boroughs.NAME[bad], reasons)) + ".")
    if not geoms.is_valid_coverage():
        raise BuildError("Simplified boroughs overlap or their shared edges no longer match.")
    london = geoms.union_all()
    if london.geom_type != "Polygon" or len(london.interiors):
        raise BuildError("The boroughs no longer tile London: their union has gaps or islands.")


def feature_collection(boroughs: gpd.GeoDataFrame, source: str) -> dict:
    """GeoJSON with the GSS code as each feature's id, sorted by code."""
    ordered = (boroughs.rename(columns={"GSS_CODE": "gss_code", "NAME": "name"})
               [["gss_code", "name", "geometry"]].sort_values("gss_code").set_index("gss_code", drop=False))
    collection = ordered.to_geo_dict(drop_id=False)
    return {"type": "FeatureCollection", "attribution": BOUNDARY_ATTRIBUTION, "source": source,
            "features": [{"type": "Feature", "id": feature["id"], "properties": feature["properties"],
                          "geometry": feature["geometry"]} for feature in collection["features"]]}


def build(deb: Path, tolerance: float, output: Path) -> None:
    version = run(["dpkg-deb", "-f", str(deb), "Version"]).strip()
    with tempfile.TemporaryDirectory() as tmp:
        run(["dpkg-deb", "-x", str(deb), tmp])
        data_dir = Path(tmp) / DATA_DIR
        if not (data_dir / "Rdata.rdx").exists():
            raise BuildError(f"{deb} does not contain spData's {DATA_DIR}/Rdata.rdx.")
        frame, crs = read_lnd(data_dir)

    raw = gpd.GeoDataFrame(
        {"GSS_CODE": [str(c) for c in frame["GSS_CODE"]], "NAME": [str(n) for n in frame["NAME"]]},
        geometry=[to_shapely(parts) for parts in frame["geometry"]], crs=crs)
    if raw.crs != gpd.GeoSeries([], crs=EXPECTED_CRS).crs:
        raise BuildError(f"The {DATASET} dataset is in {crs}, not {EXPECTED_CRS}; reproject it first.")
    boroughs = prepare(raw, tolerance)
    validate(boroughs)

    source = (
        f"ONS {SOURCE_LAYER} (London Datastore), R package spData dataset '{DATASET}', "
        f"Debian package {PACKAGE} {version}; "
        f"shapely.coverage_simplify tolerance {tolerance:g} degrees"
    )
    text = json.dumps(feature_collection(boroughs, source), separators=(",", ":"))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text + "\n", encoding="utf-8")

    london = boroughs.geometry.union_all()
    with warnings.catch_warnings():
        # Areas in square degrees on purpose: only their difference (zero) is reported.
        warnings.simplefilter("ignore", UserWarning)
        overlap = boroughs.geometry.area.sum() - london.area
    print(f"Wrote {output}")
    print(f"  features: {len(boroughs)}")
    print(
        f"  vertices: {boroughs.geometry.count_coordinates().sum():,} "
        f"(from {raw.geometry.count_coordinates().sum():,})"
    )
    print(f"  size:     {output.stat().st_size:,} bytes")
    print(f"  sum of areas minus union area: {overlap:.3g} deg² (of {london.area:.4f})")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m geodata.build_boundaries",
        description="Build the committed London borough GeoJSON from Debian's r-cran-spdata.",
    )
    parser.add_argument(
        "--deb", type=Path,
        help=f"an already downloaded {PACKAGE}_*.deb (default: run `apt-get download {PACKAGE}`)",
    )
    parser.add_argument(
        "--tolerance", type=float, default=DEFAULT_TOLERANCE,
        help="simplification tolerance in degrees (default: %(default)g)",
    )
    parser.add_argument(
        "--output", type=Path, default=DEFAULT_PATH,
        help="where to write the GeoJSON (default: geodata/london_boroughs.geojson)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        if args.deb is not None:
            if not args.deb.is_file():
                raise BuildError(f"--deb {args.deb} is not a file.")
            build(args.deb, args.tolerance, args.output)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                build(download_deb(Path(tmp)), args.tolerance, args.output)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
