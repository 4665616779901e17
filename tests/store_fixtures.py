"""Small stores with counts known by hand, for exact assertions.

The incident fixture (dataset "Known incidents"), by borough and date:

    Camden      2024-06-10  2 x race
    Camden      2025-06-15  3 x race, 1 x race + religion + islamophobic
    Hackney     2025-03-01  1 x religion + antisemitic, 1 x sexual orientation + transgender
    Westminster 2025-12-31  4 x sexual orientation
    Barnet      2024-12-01  1 x disability

So for 2025 (Jan-Dec): 10 distinct offences (Camden 4, Hackney 2, Westminster 4);
for 2024: 3 (Camden 2, Barnet 1). Strand counts in 2025 add up to 14, not 10.

Camden's 2025 offences have a place and a ward: the 3 race offences near Camden Town
(ward E05013652), the race + religion + islamophobic one in Hampstead (ward E05013653).
So Camden's hexagon map for 2025 has two cells, of 3 and 1 offences: both below the
default disclosure threshold of 5. No other offence has a place or a ward.
"""

import contextlib
import datetime as dt
from pathlib import Path

import flask
import numpy as np
import pandas as pd

from geodata.hex_grid import hex_cell_ids
from loaders.dataset_records import record_dataset
from queries.aggregates import rebuild_incident_aggregates
from queries.store import STORE_EXTENSION, ReadOnlyStore, open_for_writing
from queries.strands import CORE_STRANDS

CAMDEN, HACKNEY, WESTMINSTER, BARNET = "E09000007", "E09000012", "E09000033", "E09000003"

CAMDEN_TOWN = (528912.0, 183868.0)   # easting, northing (EPSG:27700)
HAMPSTEAD = (526700.0, 185600.0)
CAMDEN_TOWN_WARD, HAMPSTEAD_WARD = "E05013652", "E05013653"
NOWHERE = ((np.nan, np.nan), None)

KNOWN_OFFENCES = [
    # (date, borough, count, strands[, (place, ward)])
    ("2024-06-10", CAMDEN, 2, {"race"}),
    ("2025-06-15", CAMDEN, 3, {"race"}, (CAMDEN_TOWN, CAMDEN_TOWN_WARD)),
    ("2025-06-15", CAMDEN, 1, {"race", "religion", "islamophobic"}, (HAMPSTEAD, HAMPSTEAD_WARD)),
    ("2025-03-01", HACKNEY, 1, {"religion", "antisemitic"}),
    ("2025-03-01", HACKNEY, 1, {"sexual_orientation", "transgender"}),
    ("2025-12-31", WESTMINSTER, 4, {"sexual_orientation"}),
    ("2024-12-01", BARNET, 1, {"disability"}),
]


def known_incidents() -> pd.DataFrame:
    rows = []
    for date, code, count, strands, *where in KNOWN_OFFENCES:
        (easting, northing), ward = where[0] if where else NOWHERE
        for _ in range(count):
            rows.append({
                "incident_id": f"T{len(rows) + 1:04d}",
                "offence_date": dt.date.fromisoformat(date),
                "gss_code": code,
                "offence_type": "Public order",
                **{f"is_{key}": key in strands for key in CORE_STRANDS},
                "ward_code": ward, "easting": easting, "northing": northing,
            })
    frame = pd.DataFrame(rows)
    frame["hex_cell"] = hex_cell_ids(frame.easting, frame.northing).astype(object)
    return frame


def write_incident_dataset(con, incidents: pd.DataFrame, *, name: str, is_synthetic: bool) -> int:
    dataset_id = record_dataset(
        con, name=name, kind="incidents", is_synthetic=is_synthetic, source="Test fixture",
        licence=None, checksum_sha256=None, rows_read=len(incidents), rows_loaded=len(incidents),
        rows_left_out=0)
    incidents = incidents.copy()
    for column, kind in (("ward_code", "object"), ("hex_cell", "object"), ("easting", "float64"),
                         ("northing", "float64")):
        if column not in incidents:  # other tests' offences, with no place or ward
            incidents[column] = pd.Series([None] * len(incidents), dtype=kind)
    con.register("fixture_incidents", incidents)
    con.execute("""
        INSERT INTO incidents (dataset_id, incident_id, offence_date, gss_code, offence_type, is_race,
            is_religion, is_antisemitic, is_islamophobic, is_sexual_orientation, is_transgender, is_disability,
            ward_code, easting, northing, hex_cell)
        SELECT ?, incident_id, offence_date, gss_code, offence_type, is_race, is_religion, is_antisemitic,
            is_islamophobic, is_sexual_orientation, is_transgender, is_disability,
            ward_code, easting, northing, hex_cell
        FROM fixture_incidents
    """, [dataset_id])
    con.unregister("fixture_incidents")
    rebuild_incident_aggregates(con, dataset_id)
    return dataset_id


def build_known_store(path: Path) -> int:
    con = open_for_writing(path)
    dataset_id = write_incident_dataset(con, known_incidents(), name="Known incidents", is_synthetic=True)
    con.close()
    return dataset_id


@contextlib.contextmanager
def serving_incidents(path: Path, incidents: pd.DataFrame, *, name: str):
    """(a bare Flask server reading a new store at `path` that holds `incidents` as one
    synthetic dataset, that dataset's id): for calling a page's callbacks directly."""
    con = open_for_writing(path)
    dataset_id = write_incident_dataset(con, incidents, name=name, is_synthetic=True)
    con.close()
    server = flask.Flask(__name__)
    server.extensions[STORE_EXTENSION] = ReadOnlyStore(path)
    try:
        yield server, dataset_id
    finally:
        server.extensions[STORE_EXTENSION].close()
