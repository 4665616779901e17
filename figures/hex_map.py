"""Where in a borough: offences per hexagon cell, clipped to the borough's boundary,
with no basemap (nothing is fetched; the cells and outline come from the app).

Disclosure control is applied here as well as wherever the counts come from: a cell
below the threshold is drawn in one flat colour as "fewer than N", and its number is in
no trace of the figure (not its values, hover text or custom data), so neither the
image, the hover box nor the CSV made from the figure can show it.
"""

import pandas as pd

from figures.answer import ChartAnswer, ChartText, Frame, message_answer
from geodata import BOUNDARY_ATTRIBUTION
from geodata.hex_grid import HEX_ACROSS_METRES
from queries.disclosure import fewer_than

SUPPRESSED_COLOUR = "#e8e8e8"
OUTLINE_COLOUR = "#1a1a1a"
CELL_LINE = {"color": "white", "width": 0.6}
COLOURS = [[0, "#deebf7"], [0.5, "#6baed6"], [1, "#08306b"]]  # the borough map's blues
HEX_TABLE_COLUMNS = ["Hexagon cell", "Offences", "Disclosure control"]  # hex_cell_table's, the map's CSV
HEX_MAP_TOP_MARGIN = 130


def borough_hex_map(counts: pd.DataFrame, cells: dict, outline: tuple[list, list], *, threshold: int,
                    borough_name: str, strand_label: str, period_label: str, source: str,
                    located: int, offences: int, height: int = 560, cells_url: str | None = None) -> ChartAnswer:
    """`counts`: hex_cell, offences (raw or already suppressed); `cells`: the borough's
    clipped cells (geodata.hex_grid.borough_hex_cells); `outline`: its boundary as
    longitude and latitude lists. `located` of `offences` had a location. `cells_url`:
    where the app serves `cells` (geodata.hex_grid.hex_cells_url); the traces then name
    it instead of carrying the shapes, and exports put the shapes back (geodata/inline.py)."""
    title = f"{strand_label}: where in {borough_name}, {period_label}"
    if located == 0:
        reason = ("No offences recorded in this period." if offences == 0 else
                  f"None of the {offences:,} offences in this period has a location, so none can be mapped.")
        return message_answer(reason, title=title, source=source)
    cell_ids = [feature["id"] for feature in cells["features"]]
    offences_by_cell = cell_offences(counts, cell_ids)
    hidden_label = fewer_than(threshold)
    # Plain lists, not frames: a borough has a few hundred cells and this runs on every click.
    small = [cell for cell, n in zip(cell_ids, offences_by_cell) if n < threshold]
    disclosed = [(cell, n) for cell, n in zip(cell_ids, offences_by_cell) if n >= threshold]

    data = []
    if small:
        data.append({
            "type": "choropleth", "geojson": cells_url or _only(cells, small),
            "locations": small, "z": [0] * len(small), "showscale": False,
            "colorscale": [[0, SUPPRESSED_COLOUR], [1, SUPPRESSED_COLOUR]], "marker": {"line": dict(CELL_LINE)},
            "name": f"{hidden_label.capitalize()} offences (including none)", "showlegend": True,
            "hovertemplate": f"{hidden_label.capitalize()} offences<extra></extra>"})
    if disclosed:
        data.append({
            "type": "choropleth", "geojson": cells_url or _only(cells, [cell for cell, _ in disclosed]),
            "locations": [cell for cell, _ in disclosed], "z": [n for _, n in disclosed],
            "colorscale": [list(step) for step in COLOURS], "zmin": threshold, "marker": {"line": dict(CELL_LINE)},
            "name": "Offences",
            "colorbar": {"title": {"text": "offences"}, "thickness": 14, "len": 0.75},
            "hovertemplate": "%{z:,} offences<extra></extra>"})
    longitudes, latitudes = outline
    data.append({
        "type": "scattergeo", "lon": list(longitudes), "lat": list(latitudes), "mode": "lines",
        "line": {"color": OUTLINE_COLOUR, "width": 1.5}, "hoverinfo": "skip", "name": f"{borough_name} boundary",
        "showlegend": False})
    unlocated = offences - located
    lines = [f"Offences per hexagon {HEX_ACROSS_METRES} m across. Cells with {hidden_label} offences are shown "
             f"as '{hidden_label}', never as their number (disclosure threshold {threshold}, "
             "set by the partnership)."]
    if unlocated:
        lines.append(f"{unlocated:,} of {offences:,} offences have no location and are not drawn.")
    layout = {"geo": {"fitbounds": "locations", "visible": False, "projection": {"type": "mercator"}},
              "legend": {"y": -0.02, "yanchor": "top"}}
    table = _cell_table(cell_ids, offences_by_cell, threshold)
    listed, note = listed_cells(table)
    return ChartAnswer(ChartText(title, subtitle=tuple(lines), notes=(BOUNDARY_ATTRIBUTION,), source=source),
                       table=table,
                       figure={"data": data, "layout": layout},
                       frame=Frame(height=height, sides=(10, 10), map_top=HEX_MAP_TOP_MARGIN),
                       listed=listed, table_note=note, disclosure_threshold=threshold)


def listed_cells(table: pd.DataFrame) -> tuple[pd.DataFrame, str | None]:
    """The map's table as the page lists it ("Show as table"): the cells whose number is
    shown, and a sentence counting the rest. A large borough has hundreds of cells, most
    of them "fewer than N": listed one by one they would be most of a page's answer and
    tell a screen reader nothing. The CSV download keeps every cell (hex_cell_table)."""
    if list(table.columns) != HEX_TABLE_COLUMNS:
        return table, None
    cells, shown = table["Hexagon cell"].tolist(), table["Offences"].tolist()
    hidden = [str(value).startswith("fewer than") for value in shown]
    if not any(hidden):
        return table[["Hexagon cell", "Offences"]].reset_index(drop=True), None
    phrase = shown[hidden.index(True)]
    note = (f"{sum(hidden):,} of {len(table):,} cells have {phrase} offences (including none) and are not "
            "listed; the CSV download lists every cell.")
    kept = [index for index, is_hidden in enumerate(hidden) if not is_hidden]
    return pd.DataFrame({"Hexagon cell": pd.array([cells[i] for i in kept], dtype=table["Hexagon cell"].dtype),
                         "Offences": pd.array([shown[i] for i in kept], dtype=table["Offences"].dtype)}), note


def _only(cells: dict, cell_ids) -> dict:
    """The cells one trace draws: each cell's shape is sent once, not once per trace."""
    wanted = set(cell_ids)
    return {"type": "FeatureCollection", "features": [f for f in cells["features"] if f["id"] in wanted]}


def cell_offences(counts: pd.DataFrame, cell_ids: list) -> list[int]:
    """Each cell's offences in the order of `cell_ids`: 0 for a cell with no row or no count
    (counts of cells outside the borough's are dropped)."""
    by_cell = dict(zip(counts["hex_cell"].tolist(), counts["offences"].tolist()))
    return [_whole(by_cell.get(cell)) for cell in cell_ids]


def _whole(value) -> int:
    return 0 if value is None or pd.isna(value) else int(value)


def hex_cell_table(counts: pd.DataFrame, cells: dict, *, threshold: int) -> pd.DataFrame:
    """The CSV of the map: every cell drawn, its offences or "fewer than N", and the
    threshold in a column of its own, so the file states it wherever it goes."""
    cell_ids = [feature["id"] for feature in cells["features"]]
    return _cell_table(cell_ids, cell_offences(counts, cell_ids), threshold)


def _cell_table(cell_ids: list, offences: list[int], threshold: int) -> pd.DataFrame:
    hidden = fewer_than(threshold)
    return pd.DataFrame({
        "Hexagon cell": cell_ids,
        "Offences": [hidden if n < threshold else f"{n:,}" for n in offences],
        "Disclosure control": f"counts below {threshold} shown as '{hidden}'",
    }, columns=HEX_TABLE_COLUMNS)
