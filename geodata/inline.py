"""The shapes a figure refers to by the app's URL, put back into the figure for whatever
draws or reads it outside the browser (image and CSV exports, the briefing pack), which
cannot fetch from the app."""

from geodata import BOUNDARIES_URL, load_borough_boundaries
from geodata.hex_grid import hex_cells_at


def inline_geojson(geojson):
    """The borough boundaries or a borough's hexagon cells where `geojson` is the URL the
    app serves them at; anything else unchanged (callers check it is a dict)."""
    if geojson == BOUNDARIES_URL:
        return load_borough_boundaries()
    cells = hex_cells_at(geojson)
    return cells if cells is not None else geojson
