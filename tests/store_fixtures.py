"""Small stores with counts known by hand, for exact assertions.

The incident fixture (dataset "Known incidents"), by borough and date:

    Camden      2024-06-10  2 x race
    Camden      2025-06-15  3 x race, 1 x race + religion + islamophobic
    Hackney     2025-03-01  1 x religion + antisemitic, 1 x sexual orientation + transgender
    Westminster 2025-12-31  4 x sexual orientation
    Barnet      2024-12-01  1 x disability

So for 2025 (Jan-Dec): 10 distinct offences (Camden 4, Hackney 2, Westminster 4);
for 2024: 3 (Camden 2, Barnet 1). Strand counts in 2025 add up to 14, not 10.
"""

import datetime as dt
from pathlib import Path

import pandas as pd

from loaders.dataset_records import record_dataset
from queries.aggregates import rebuild_incident_aggregates
from queries.store import open_for_writing
from queries.strands import CORE_STRANDS

CAMDEN, HACKNEY, WESTMINSTER, BARNET = "E09000007", "E09000012", "E09000033", "E09000003"

KNOWN_OFFENCES = [
    # (date, borough, count, strands)
    ("2024-06-10", CAMDEN, 2, {"race"}),
    ("2025-06-15", CAMDEN, 3, {"race"}),
    ("2025-06-15", CAMDEN, 1, {"race", "religion", "islamophobic"}),
    ("2025-03-01", HACKNEY, 1, {"religion", "antisemitic"}),
    ("2025-03-01", HACKNEY, 1, {"sexual_orientation", "transgender"}),
    ("2025-12-31", WESTMINSTER, 4, {"sexual_orientation"}),
    ("2024-12-01", BARNET, 1, {"disability"}),
]


def known_incidents() -> pd.DataFrame:
    rows = []
    for date, code, count, strands in KNOWN_OFFENCES:
        for _ in range(count):
            rows.append({
                "incident_id": f"T{len(rows) + 1:04d}",
                "offence_date": dt.date.fromisoformat(date),
                "gss_code": code,
                "offence_type": "Public order",
                **{f"is_{key}": key in strands for key in CORE_STRANDS},
            })
    return pd.DataFrame(rows)


def write_incident_dataset(con, incidents: pd.DataFrame, *, name: str, is_synthetic: bool) -> int:
    dataset_id = record_dataset(
        con, name=name, kind="incidents", is_synthetic=is_synthetic, source="Test fixture",
        licence=None, checksum_sha256=None, rows_read=len(incidents), rows_loaded=len(incidents),
        rows_left_out=0)
    con.register("fixture_incidents", incidents)
    con.execute("""
        INSERT INTO incidents (dataset_id, incident_id, offence_date, gss_code, offence_type, is_race,
            is_religion, is_antisemitic, is_islamophobic, is_sexual_orientation, is_transgender, is_disability)
        SELECT ?, incident_id, offence_date, gss_code, offence_type, is_race, is_religion, is_antisemitic,
            is_islamophobic, is_sexual_orientation, is_transgender, is_disability
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
