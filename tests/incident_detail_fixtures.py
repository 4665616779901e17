"""A small incident store with hand-counted compound offences, offence types and outcomes.

    Camden      2025-01-15  3 x race                              Public order                 Charged
                2025-01-15  2 x race + religion + islamophobic    Violence against the person  (none)
                2025-01-15  1 x race + religion + disability      Public order                 Caution
                2025-01-15  1 x sexual orientation + transgender  Criminal damage              Charged
                2025-02-10  1 x religion + antisemitic            Public order                 (none)
                2025-02-10  1 x sexual orientation + disability   Violence against the person  (none)
    Hackney     2025-02-20  2 x race + religion                   Public order                 Community resolution
                2025-02-20  1 x disability                        Criminal damage              Charged
    Westminster 2024-12-01  5 x race + disability                 Public order                 Charged

January-February 2025, London: 12 offences in 7 combinations (race 3; race + faith 4;
race + faith + disability 1; sexual orientation + transgender 1; faith 1; sexual
orientation + disability 1; disability 1): 7 carry two or more strands. Islamophobic and
antisemitic are sub-strands of faith, so "race + religion + islamophobic" is race + faith.
"""

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from loaders.dataset_records import record_dataset
from queries.aggregates import rebuild_incident_aggregates
from queries.store import open_for_writing
from queries.strands import CORE_STRANDS

CAMDEN, HACKNEY, WESTMINSTER = "E09000007", "E09000012", "E09000033"
PUBLIC_ORDER, VIOLENCE, DAMAGE = "Public order", "Violence against the person", "Criminal damage"

COMPOUND_OFFENCES = [
    # (date, borough, count, strands, offence type, outcome)
    ("2025-01-15", CAMDEN, 3, {"race"}, PUBLIC_ORDER, "Charged"),
    ("2025-01-15", CAMDEN, 2, {"race", "religion", "islamophobic"}, VIOLENCE, None),
    ("2025-01-15", CAMDEN, 1, {"race", "religion", "disability"}, PUBLIC_ORDER, "Caution"),
    ("2025-01-15", CAMDEN, 1, {"sexual_orientation", "transgender"}, DAMAGE, "Charged"),
    ("2025-02-10", CAMDEN, 1, {"religion", "antisemitic"}, PUBLIC_ORDER, None),
    ("2025-02-10", CAMDEN, 1, {"sexual_orientation", "disability"}, VIOLENCE, None),
    ("2025-02-20", HACKNEY, 2, {"race", "religion"}, PUBLIC_ORDER, "Community resolution"),
    ("2025-02-20", HACKNEY, 1, {"disability"}, DAMAGE, "Charged"),
    ("2024-12-01", WESTMINSTER, 5, {"race", "disability"}, PUBLIC_ORDER, "Charged"),
]


def compound_incidents() -> pd.DataFrame:
    rows = []
    for date, code, count, strands, offence_type, outcome in COMPOUND_OFFENCES:
        for _ in range(count):
            rows.append({
                "incident_id": f"C{len(rows) + 1:03d}",
                "offence_date": dt.date.fromisoformat(date),
                "gss_code": code,
                "offence_type": offence_type,
                **{f"is_{key}": key in strands for key in CORE_STRANDS},
                "outcome": outcome,
            })
    return pd.DataFrame(rows)


def write_located_dataset(con, incidents: pd.DataFrame, *, name: str, kind: str = "incidents") -> int:
    """Insert incidents (any of ward_code, outcome, easting, northing, hex_cell may be
    absent) and build every aggregate, as a load does."""
    dataset_id = record_dataset(
        con, name=name, kind=kind, is_synthetic=False, source="Test fixture", licence=None,
        checksum_sha256=None, rows_read=len(incidents), rows_loaded=len(incidents), rows_left_out=0)
    frame = incidents.copy()
    for column in ("ward_code", "outcome", "hex_cell"):
        if column not in frame:
            frame[column] = pd.Series([None] * len(frame), dtype="object")
    for column in ("easting", "northing"):
        if column not in frame:
            frame[column] = pd.Series([None] * len(frame), dtype="float64")
    con.register("fixture_rows", frame)
    flags = ", ".join(f"is_{key}" for key in CORE_STRANDS)
    con.execute(f"""
        INSERT INTO incidents (dataset_id, incident_id, offence_date, gss_code, offence_type, {flags},
                               ward_code, outcome, easting, northing, hex_cell)
        SELECT ?, incident_id, offence_date, gss_code, offence_type, {flags},
               ward_code, outcome, easting, northing, hex_cell
        FROM fixture_rows
    """, [dataset_id])
    con.unregister("fixture_rows")
    rebuild_incident_aggregates(con, dataset_id)
    return dataset_id


def build_compound_store(path: Path) -> int:
    con = open_for_writing(path)
    dataset_id = write_located_dataset(con, compound_incidents(), name="Compound offences")
    con.close()
    return dataset_id


@pytest.fixture(scope="module")
def compound(tmp_path_factory):
    """(read-only cursor, dataset id) of the compound store; import it into a test module."""
    path = tmp_path_factory.mktemp("compound") / "compound.duckdb"
    dataset_id = build_compound_store(path)
    con = duckdb.connect(str(path), read_only=True)
    yield con.cursor(), dataset_id
    con.close()
