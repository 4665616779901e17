"""The tests' own reading of what a figure draws, to check a chart answer against: its
table must equal the numbers in its traces (the dashboard never reads a figure back:
its CSVs and tables come from the answer's table, figures/answer.py).

Read from the figure's own traces, whichever page, filter or chart option produced it: one row per x value (month, strand) and one
column per line or bar series, named "<series>: <y axis title>" so the unit travels
with the number ("Race: Offences per month"). A map gives one row per borough; the City
of London stays "no data", never zero. A map under disclosure control (the hexagon map)
gives its cells as figures.hex_map.hex_cell_table does: a small cell is "fewer than N",
never its number, and the threshold is in the file.
"""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from figures.answer import ChartAnswer
from figures.hex_map import hex_cell_table
from figures.page_figure import page_figure
from figures.tables import unique_name as _unique, whole_numbers_as_integers as _whole_numbers_as_integers
from geodata.inline import inline_geojson

DATE_AT_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ]00:00(?::00(?:\.0+)?)?)?$")
PERCENT_LABEL = re.compile(r"^([+-]?\d+(?:\.\d+)?)%$")
BOLD_NAME = re.compile(r"<b>(.*?)</b>")
CARTESIAN_TYPES = {"scatter", "scattergl", "bar"}


def drawn(answer: ChartAnswer, *, projector: bool = False) -> go.Figure:
    """The page's figure of `answer`, checked against Plotly's schema (go.Figure raises on
    any property it does not know)."""
    return go.Figure(page_figure(answer, projector=projector))


def built_figure(cursor, context, chart_id: str, options=None) -> dict:
    """The page's figure of a registry chart, as its callback sends it (without the view)."""
    from charts.registry import chart_answer
    return page_figure(chart_answer(cursor, context, chart_id, options))


def source_of(figure) -> str:
    """The source line a drawn figure shows under the chart, as words."""
    figure = _as_dict(figure)
    texts = [annotation.get("text", "") for annotation in figure.get("layout", {}).get("annotations", [])
             if annotation.get("name") == "source"]
    return " ".join(" ".join(texts).replace("<br>", " ").split())


def decode_values(values) -> list:
    """A trace's array as a Python list, whether it is a list, a numpy array or plotly's
    base64 form ({"dtype": "f8", "bdata": ...}) that the browser sends back."""
    if values is None:
        return []
    if isinstance(values, dict) and "bdata" in values:
        array = np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"]).newbyteorder("<"))
        if values.get("shape"):
            array = array.reshape([int(n) for n in str(values["shape"]).split(",")])
        return array.tolist()
    if isinstance(values, np.ndarray):
        return values.tolist()
    return [value.item() if isinstance(value, np.generic) else value for value in values]


def figure_table(figure, *, location_names: dict[str, str] | None = None) -> pd.DataFrame:
    """The numbers `figure` draws, with named columns and units."""
    figure = _as_dict(figure)
    traces = [trace for trace in figure.get("data", []) if not _is_export_decoration(trace)]
    if not traces:
        messages = [" ".join(annotation.get("text", "").replace("<br>", " ").split()) for annotation in figure.get("layout", {}).get("annotations", [])
                    if annotation.get("name") == "message"]
        return pd.DataFrame({"Message": messages or ["This chart draws no numbers."]})
    threshold = _disclosure_threshold(figure.get("layout", {}))
    if threshold is not None and any(trace.get("type") == "choropleth" for trace in traces):
        return _disclosed_cells_table(traces, threshold)
    if any(trace.get("type") == "choropleth" for trace in traces):
        return _map_table(traces, location_names or {})
    return _cartesian_table(traces, figure.get("layout", {}))


def _is_export_decoration(trace: dict) -> bool:
    """Values printed on a map for greyscale print: the same numbers, not new ones."""
    meta = trace.get("meta")
    return isinstance(meta, dict) and meta.get("export") == "labels"


def _as_dict(figure) -> dict:
    if isinstance(figure, dict):
        return json.loads(json.dumps(figure, default=_json_default))
    return json.loads(pio.to_json(figure, validate=False, engine="json"))


def _json_default(value):
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _axis_title(layout: dict, axis: str) -> str:
    title = (layout.get(axis) or {}).get("title")
    if isinstance(title, dict):
        title = title.get("text")
    return _text(title or "")


def _plain(value):
    """A value as a reader sees it: dates without a midnight time, labels without markup
    ("Sexual<br>orientation" is "Sexual orientation")."""
    if isinstance(value, str):
        match = DATE_AT_MIDNIGHT.match(value)
        return match.group(1) if match else _text(value)
    return value


def _text(markup: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", markup).split())


def _cartesian_table(traces: list[dict], layout: dict) -> pd.DataFrame:
    x_title = _axis_title(layout, "xaxis") or "x"
    y_title = _axis_title(layout, "yaxis")
    drawn = [trace for trace in traces if trace.get("type") in CARTESIAN_TYPES]
    if drawn and all(trace.get("orientation") == "h" for trace in drawn):
        # Horizontal bars: the categories are on the y axis and the values on the x axis,
        # so the rows are named by the y axis and the values carry the x axis's unit.
        x_title, y_title = _axis_title(layout, "yaxis") or "y", _axis_title(layout, "xaxis")
    rows: dict = {}
    columns: list[str] = []
    for trace in traces:
        if trace.get("type") not in CARTESIAN_TYPES:
            continue
        xs, ys = decode_values(trace.get("x")), decode_values(trace.get("y"))
        if trace.get("orientation") == "h":
            xs, ys = ys, xs
        name = _column_name(trace) or f"Series {len(columns) + 1}"
        column = _unique(f"{name}: {y_title}" if y_title else name, columns)
        columns.append(column)
        for x, y in zip(xs, ys):
            rows.setdefault(_plain(x), {})[column] = y
        labels = trace.get("text")
        if isinstance(labels, list) and len(labels) == len(xs) and any(labels):
            percents = [PERCENT_LABEL.match(str(label or "")) for label in labels]
            if all(match or not label for match, label in zip(percents, labels)):
                label_column = _unique(f"{name}: % change shown on the bar", columns)
                values = [float(match.group(1)) if match else None for match in percents]
            else:
                label_column = _unique(f"{name}: label shown", columns)
                values = labels
            columns.append(label_column)
            for x, value in zip(xs, values):
                rows.setdefault(_plain(x), {})[label_column] = value
    frame = pd.DataFrame([{x_title: x, **values} for x, values in rows.items()], columns=[x_title, *columns])
    return _whole_numbers_as_integers(_inside_visible_range(frame, x_title, layout))


def _column_name(trace: dict) -> str:
    """The trace's name, or the column name it asks for in its meta where its legend name
    would mislead in a table (the band's lower edge is named "Expected range" in the
    legend, as the shading, but holds the lower bound)."""
    meta = trace.get("meta")
    if isinstance(meta, dict) and isinstance(meta.get("column"), str):
        return meta["column"]
    return _text(trace.get("name") or "")


def _inside_visible_range(frame: pd.DataFrame, x_title: str, layout: dict) -> pd.DataFrame:
    """Only the rows the chart shows: a trend can carry months before its period (to
    start its rolling average) and set its date axis to the period."""
    visible = (layout.get("xaxis") or {}).get("range")
    if not (isinstance(visible, list) and len(visible) == 2 and all(isinstance(end, str) for end in visible)):
        return frame
    dates = pd.to_datetime(frame[x_title], errors="coerce")
    if dates.isna().any():
        return frame
    start, end = pd.to_datetime(visible[0]), pd.to_datetime(visible[1])
    return frame[(dates >= start) & (dates <= end)].reset_index(drop=True)


def _map_table(traces: list[dict], names: dict[str, str]) -> pd.DataFrame:
    records = []
    value_column = "Value"
    for trace in traces:
        if trace.get("type") != "choropleth" or trace.get("hoverinfo") == "skip":
            continue  # an outline drawn over chosen boroughs: no numbers of its own
        locations = decode_values(trace.get("locations"))
        found_names = _names_from_trace(trace, locations)
        if trace.get("showscale") is False:
            for code in locations:  # areas with no data: drawn grey, never a number
                records.append({"GSS code": code, "Borough": names.get(code) or found_names.get(code, code),
                                "value": None, "Note": trace.get("name") or "No data"})
            continue
        value_column = trace.get("name") or value_column
        for code, value in zip(locations, decode_values(trace.get("z"))):
            records.append({"GSS code": code, "Borough": names.get(code) or found_names.get(code, code),
                            "value": value, "Note": ""})
    frame = pd.DataFrame(records, columns=["GSS code", "Borough", "value", "Note"])
    frame = frame.rename(columns={"value": value_column}).sort_values("GSS code", kind="stable")
    return _whole_numbers_as_integers(frame.reset_index(drop=True))


def _disclosure_threshold(layout: dict) -> int | None:
    """The threshold a map under disclosure control carries in its layout's meta."""
    meta = layout.get("meta")
    threshold = meta.get("disclosure_threshold") if isinstance(meta, dict) else None
    return threshold if isinstance(threshold, int) and not isinstance(threshold, bool) else None


def _disclosed_cells_table(traces: list[dict], threshold: int) -> pd.DataFrame:
    """Every cell the map draws, by the same function the map's builder offers for its
    CSV. Counts come only from the trace of disclosed cells (the trace of small cells
    carries none), and hex_cell_table suppresses again below the threshold."""
    maps = [trace for trace in traces if trace.get("type") == "choropleth"]
    cells = _all_cells(maps)
    if not cells["features"]:
        return pd.DataFrame({"Message": ["This map draws no cells."]})
    counts = [(cell, value) for trace in maps if trace.get("showscale") is not False
              for cell, value in zip(decode_values(trace.get("locations")), decode_values(trace.get("z")))]
    frame = pd.DataFrame(counts, columns=["hex_cell", "offences"])
    return hex_cell_table(frame, cells, threshold=threshold)


def _all_cells(maps: list[dict]) -> dict:
    """The cells drawn by any trace (its own, or the borough's whole grid by URL), in the order of the
    borough's grid: by row, then column, as geodata.hex_grid.borough_hex_cells lists them."""
    shapes = [inline_geojson(trace.get("geojson")) for trace in maps]
    features = {feature.get("id"): feature for geojson in shapes if isinstance(geojson, dict)
                for feature in geojson.get("features", [])}
    return {"type": "FeatureCollection", "features": sorted(features.values(), key=_grid_position)}


def _grid_position(feature: dict) -> tuple:
    """(row, column) from a cell id 'hex400m:q:r'; ids of another shape sort after, by text."""
    parts = str(feature.get("id")).split(":")
    try:
        return 0, int(parts[2]), int(parts[1]), ""
    except (IndexError, ValueError):
        return 1, 0, 0, str(feature.get("id"))


def _names_from_trace(trace: dict, locations: list) -> dict:
    """Borough names as the map's hover labels show them."""
    found = {}
    texts = trace.get("text")
    if isinstance(texts, list):
        for code, text in zip(locations, texts):
            match = BOLD_NAME.search(str(text or ""))
            if match:
                found[code] = match.group(1)
    customdata = trace.get("customdata")
    if isinstance(customdata, list):
        for code, row in zip(locations, customdata):
            if isinstance(row, list) and row and isinstance(row[0], str):
                found.setdefault(code, row[0])
    return found
