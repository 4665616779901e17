"""Where in a borough: hexagon counts and ward tables, with disclosure control. A cell
of 4 offences never shows 4: not in the figure, its hover text, or the CSV."""

import datetime as dt
import io
import json

import duckdb
import numpy as np
import pandas as pd
import plotly.io as pio
import pytest

from figures.tables import table_csv
from tests.drawn_numbers import drawn
from figures.hex_map import borough_hex_map, hex_cell_table
from geodata.hex_grid import borough_hex_cells, borough_outline, hex_cell_ids
from geodata.point_checks import boroughs_of_points
from queries.disclosure import SettingError, disclosure_threshold
from queries.offence_locations import hex_cell_counts, located_offence_totals, offences_by_ward
from queries.periods import Period
from queries.store import open_for_writing
from queries.strands import CORE_STRANDS
from tests.incident_detail_fixtures import CAMDEN, write_located_dataset

JANUARY_2025 = Period(dt.date(2025, 1, 1), dt.date(2025, 1, 1))
CAMDEN_TOWN = (528912.0, 183868.0)   # 4 offences: below the threshold of 5
HAMPSTEAD = (526700.0, 185600.0)     # 6 offences: shown
WARD_A, WARD_B = "E05013652", "E05013653"


def located_incidents() -> pd.DataFrame:
    points = [CAMDEN_TOWN] * 4 + [HAMPSTEAD] * 6 + [(np.nan, np.nan)]
    wards = [WARD_A] * 4 + [WARD_B] * 6 + [None]
    easting = np.array([p[0] for p in points])
    northing = np.array([p[1] for p in points])
    return pd.DataFrame({
        "incident_id": [f"L{i:02d}" for i in range(len(points))],
        "offence_date": [dt.date(2025, 1, 20)] * len(points),
        "gss_code": [CAMDEN] * len(points),
        "offence_type": ["Public order"] * len(points),
        **{f"is_{key}": [key == "race"] * len(points) for key in CORE_STRANDS},
        "ward_code": wards, "easting": easting, "northing": northing,
        "hex_cell": hex_cell_ids(easting, northing),
    })


@pytest.fixture(scope="module")
def located(tmp_path_factory):
    path = tmp_path_factory.mktemp("located") / "located.duckdb"
    con = open_for_writing(path)
    dataset_id = write_located_dataset(con, located_incidents(), name="Located offences")
    con.close()
    con = duckdb.connect(str(path), read_only=True)
    yield con.cursor(), dataset_id
    con.close()


def camden_map(cursor, dataset_id, threshold=5):
    counts = hex_cell_counts(cursor, dataset_id=dataset_id, period=JANUARY_2025, gss_code=CAMDEN, strand="race")
    totals = located_offence_totals(cursor, dataset_id=dataset_id, period=JANUARY_2025, gss_code=CAMDEN,
                                    strand="race")
    figure = borough_hex_map(counts, borough_hex_cells(CAMDEN), borough_outline(CAMDEN), threshold=threshold,
                             borough_name="Camden", strand_label="Race", period_label="Jan 2025",
                             source="Source: test.", **totals)
    return counts, figure


def test_the_fixture_points_are_in_camden_in_two_cells():
    found = boroughs_of_points([CAMDEN_TOWN[0], HAMPSTEAD[0]], [CAMDEN_TOWN[1], HAMPSTEAD[1]])
    assert found.gss_code.tolist() == [CAMDEN, CAMDEN]
    assert len(set(hex_cell_ids([CAMDEN_TOWN[0], HAMPSTEAD[0]], [CAMDEN_TOWN[1], HAMPSTEAD[1]]))) == 2


def test_cell_counts_and_located_totals(located):
    cursor, dataset_id = located
    counts, _ = camden_map(cursor, dataset_id)
    cells = hex_cell_ids([CAMDEN_TOWN[0], HAMPSTEAD[0]], [CAMDEN_TOWN[1], HAMPSTEAD[1]])
    assert dict(zip(counts.hex_cell, counts.offences)) == {cells[0]: 4, cells[1]: 6}
    assert located_offence_totals(cursor, dataset_id=dataset_id, period=JANUARY_2025, gss_code=CAMDEN) == \
        {"offences": 11, "located": 10}


def test_a_cell_of_four_never_shows_four_in_the_figure_its_hover_text_or_the_csv(located):
    cursor, dataset_id = located
    _, answer = camden_map(cursor, dataset_id)
    figure = drawn(answer)
    cells = hex_cell_ids([CAMDEN_TOWN[0], HAMPSTEAD[0]], [CAMDEN_TOWN[1], HAMPSTEAD[1]])
    maps = [trace for trace in figure.data if trace.type == "choropleth"]
    shown = next(trace for trace in maps if trace.showscale is not False)
    hidden = next(trace for trace in maps if trace.showscale is False)
    assert dict(zip(shown.locations, shown.z)) == {cells[1]: 6}
    assert cells[0] in list(hidden.locations) and set(hidden.z) == {0}
    assert hidden.hovertemplate == "Fewer than 5 offences<extra></extra>"
    # Nothing anywhere in the figure's traces carries the number 4 (coordinates aside).
    for trace in json.loads(pio.to_json(figure))["data"]:
        carried = {key: trace.get(key) for key in ("z", "text", "customdata", "hovertext", "hovertemplate")}
        assert "4" not in json.dumps(carried).replace("hex400m", ""), trace.get("name")
    assert "disclosure threshold 5" in figure.layout.title.text.replace("<br>", " ")
    csv = pd.read_csv(io.StringIO(table_csv(answer.table)), dtype=str)  # "Download data (CSV)"
    values = dict(zip(csv["Hexagon cell"], csv["Offences"]))
    assert values[cells[1]] == "6" and values[cells[0]] == "fewer than 5"
    assert "4" not in set(csv["Offences"])
    assert set(csv["Disclosure control"]) == {"counts below 5 shown as 'fewer than 5'"}
    table = hex_cell_table(hex_cell_counts(cursor, dataset_id=dataset_id, period=JANUARY_2025, gss_code=CAMDEN),
                           borough_hex_cells(CAMDEN), threshold=5)
    by_cell = dict(zip(table["Hexagon cell"], table["Offences"]))
    assert by_cell[cells[0]] == "fewer than 5" and by_cell[cells[1]] == "6"
    assert "4" not in set(table["Offences"])
    # The chart's CSV is the map's own table: the same cells, in the same order, the same words.
    pd.testing.assert_frame_equal(answer.table, table)
    assert "4" not in set(answer.listed.Offences) and answer.table_note.startswith("194 of 195 cells have fewer than 5")


def test_a_lower_threshold_shows_the_cell_of_four(located):
    cursor, dataset_id = located
    _, figure = camden_map(cursor, dataset_id, threshold=3)
    figure = drawn(figure)
    shown = next(trace for trace in figure.data if trace.type == "choropleth" and trace.showscale is not False)
    assert sorted(shown.z) == [4, 6]
    assert "Cells with fewer than 3 offences" in figure.layout.title.text.replace("<br>", " ")


def test_ward_table_suppresses_small_wards_and_keeps_offences_with_no_ward(located):
    cursor, dataset_id = located
    wards = offences_by_ward(cursor, dataset_id=dataset_id, period=JANUARY_2025, gss_code=CAMDEN, threshold=5)
    assert list(zip(wards.ward_code, wards.offences_shown)) == [
        (WARD_B, "6"), (WARD_A, "fewer than 5"), ("No ward recorded", "fewer than 5")]
    assert wards.offences.isna().tolist() == [False, True, True]


def test_the_threshold_is_a_setting_read_from_the_environment():
    assert disclosure_threshold({}) == 5
    assert disclosure_threshold({"HATE_CRIME_DISCLOSURE_THRESHOLD": "10"}) == 10
    with pytest.raises(SettingError, match="must be a whole number of 1 or more"):
        disclosure_threshold({"HATE_CRIME_DISCLOSURE_THRESHOLD": "0"})
