"""Build geodata/london_boroughs.geojson from Debian's r-cran-spdata package.

The ONS "London_Borough_Excluding_MHW" boundaries ship in spData as the R
dataset ``lnd``; Debian is one of the few sources reachable from our build
environment, so we unpack the .deb and read R's lazy-load database directly.

Build-only dependencies: rdata, shapely (the app only reads the JSON output).

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

import numpy as np
import rdata
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping

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


def prepare(geoms: np.ndarray, tolerance: float, names: list[str]) -> np.ndarray:
    # Coverage simplification moves each shared edge once, so neighbours stay
    # gap- and overlap-free, which per-polygon simplify() would not guarantee.
    out = shapely.coverage_simplify(geoms, tolerance)
    # Rounding maps a shared vertex to the same value on both sides, so it keeps
    # the coverage intact; it can still pinch a thin part, hence the check below.
    out = shapely.transform(out, lambda xy: np.round(xy, DECIMALS))

    invalid = np.flatnonzero(~shapely.is_valid(out))
    if invalid.size:
        print(
            "Repaired with make_valid after simplifying/rounding: "
            + ", ".join(names[i] for i in invalid)
        )
        out[invalid] = shapely.make_valid(out[invalid], method="structure", keep_collapsed=False)

    # Plotly's go.Choropleth draws GeoJSON with d3-geo, which treats a
    # counter-clockwise (RFC 7946) exterior as "everything except this shape";
    # clockwise works there and is ignored by MapLibre/Leaflet.
    return shapely.orient_polygons(out, exterior_cw=True)


def validate(codes: list[str], names: list[str], geoms: np.ndarray) -> None:
    if len(codes) != len(EXPECTED_CODES):
        raise BuildError(f"Expected {len(EXPECTED_CODES)} boroughs but the data has {len(codes)}.")
    missing = sorted(set(EXPECTED_CODES) - set(codes))
    if missing:
        raise BuildError(f"These borough GSS codes are missing: {', '.join(missing)}.")
    bad = [
        f"{name} ({shapely.is_valid_reason(g)})"
        for name, g in zip(names, geoms)
        if g.is_empty or not g.is_valid or g.geom_type not in ("Polygon", "MultiPolygon")
    ]
    if bad:
        raise BuildError(f"These boroughs have invalid geometry: {'; '.join(bad)}.")
    if not shapely.coverage_is_valid(geoms):
        raise BuildError("Simplified boroughs overlap or their shared edges no longer match.")
    london = shapely.union_all(geoms)
    if london.geom_type != "Polygon" or len(london.interiors):
        raise BuildError("The boroughs no longer tile London: their union has gaps or islands.")


def feature_collection(codes, names, geoms, source: str) -> dict:
    features = [
        {
            "type": "Feature",
            "id": code,
            "properties": {"gss_code": code, "name": name},
            "geometry": mapping(geom),
        }
        for code, name, geom in sorted(zip(codes, names, geoms), key=lambda row: row[0])
    ]
    return {
        "type": "FeatureCollection",
        "attribution": BOUNDARY_ATTRIBUTION,
        "source": source,
        "features": features,
    }


def build(deb: Path, tolerance: float, output: Path) -> None:
    version = run(["dpkg-deb", "-f", str(deb), "Version"]).strip()
    with tempfile.TemporaryDirectory() as tmp:
        run(["dpkg-deb", "-x", str(deb), tmp])
        data_dir = Path(tmp) / DATA_DIR
        if not (data_dir / "Rdata.rdx").exists():
            raise BuildError(f"{deb} does not contain spData's {DATA_DIR}/Rdata.rdx.")
        frame, crs = read_lnd(data_dir)

    if crs != EXPECTED_CRS:
        raise BuildError(f"The {DATASET} dataset is in {crs}, not {EXPECTED_CRS}; reproject it first.")

    codes = [str(c) for c in frame["GSS_CODE"]]
    names = [str(n) for n in frame["NAME"]]
    raw = np.array([to_shapely(parts) for parts in frame["geometry"]])
    geoms = prepare(raw, tolerance, names)
    validate(codes, names, geoms)

    source = (
        f"ONS {SOURCE_LAYER} (London Datastore), R package spData dataset '{DATASET}', "
        f"Debian package {PACKAGE} {version}; "
        f"shapely.coverage_simplify tolerance {tolerance:g} degrees"
    )
    text = json.dumps(feature_collection(codes, names, geoms, source), separators=(",", ":"))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text + "\n", encoding="utf-8")

    london = shapely.union_all(geoms)
    overlap = shapely.area(geoms).sum() - london.area
    print(f"Wrote {output}")
    print(f"  features: {len(codes)}")
    print(
        f"  vertices: {shapely.get_num_coordinates(geoms).sum():,} "
        f"(from {shapely.get_num_coordinates(raw).sum():,})"
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
