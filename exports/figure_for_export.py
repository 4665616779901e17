"""A dashboard chart made ready to stand on its own in a report, out of the dashboard.

The figure builders already put the title (what, where, when), the subtitle and the
source line into every figure. An exported image also needs:
- the filters that shaped it and the data date, in a line under the source;
- a fixed size (a chart on screen takes the width of its column);
- no instructions that only make sense on screen ("Click a borough...");
- lines that can be told apart in greyscale print when there are many of them (markers
  of different shapes, on top of the builders' dash patterns);
- on maps, each borough's value printed on it, so a diverging colour scale still reads
  in greyscale.
The on-screen figure is never changed: this works on a copy.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio

from figures.figure_data import decode_values
from figures.common import FONT_FAMILY, SYNTHETIC_LABEL
from geodata.inline import inline_geojson

EXPORT_WIDTH = 960       # layout px; at 2x that is 1,920 px, sharp across an A4 page at 300 dpi
MAP_EXPORT_WIDTH = 860   # London is wider than tall: this size draws it large, with room for
MAP_EXPORT_HEIGHT = 700  # the colour bar and a value printed on each borough
PNG_SCALE = 2            # the issue: sharp at print size, at least 2x
DEFAULT_HEIGHT = 450
DEFAULT_BOTTOM_MARGIN = 80   # plotly's defaults, for figures that set none
DEFAULT_SIDE_MARGIN = 80

FOOTER_FONT_SIZE = 12
FOOTER_LINE_HEIGHT = 17          # px per footer line at FOOTER_FONT_SIZE
FOOTER_CHARACTER_WIDTH = 6.6     # average px per character of 12 px Arial, for wrapping
FOOTER_GAP = 8                   # px between what the chart drew in its margin and the footer
TITLE_TOP_GAP = 12               # px above the title's first line
TITLE_FONT_RATIO = 1.2           # plotly's title size, as a multiple of the layout font size
DEFAULT_TOP_MARGIN = 100
TITLE_LINE_HEIGHT = 22           # px per title line, as figures.common.finish_figure allows
TITLE_CHARACTER_WIDTH = 10       # average px per character of a bold 17 px Arial title
TITLE_SIDE_GAP = 20
BOLD_TITLE = re.compile(r"^<b>(.*?)</b>(.*)$", re.DOTALL)

# Text that only makes sense on screen, removed from exported titles.
SCREEN_ONLY_HINTS = re.compile(r"\s*Click a borough to open its profile\.")

# With three lines or more, colour and dash alone can blur in greyscale print: add a
# marker shape per line, at most this many per line so a daily series stays readable.
MARKERS_FROM_LINES = 3
MARKER_SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "cross", "triangle-down", "star",
                  "hexagon", "pentagon"]
MAX_MARKERS_PER_LINE = 24

MAP_LABEL_FORMATS = {"Offences": "{:,.0f}", "Rate per 1,000 residents": "{:.1f}",
                     "% change on previous period": "{:+.0f}%"}


@dataclass(frozen=True)
class ExportContext:
    """What an exported chart must say about the data behind it."""

    dataset_name: str
    is_synthetic: bool
    period_label: str    # "Jan 2024 to Dec 2024"
    strand_label: str    # "All hate crime (distinct offences)"
    area_label: str      # "all of London", "Camden", "Camden and Hackney"
    source: str          # the source line the figures carry ("Source: ...", or the synthetic label)
    data_date: str       # "December 2025": the last month the dataset holds
    exported_on: dt.date | None = None

    def filters_line(self, *, with_data_date: bool = True) -> str:
        dataset = self.dataset_name + (" (synthetic)" if self.is_synthetic else "")
        parts = [f"Filters: dataset {dataset}", f"period {self.period_label}",
                 f"strand {self.strand_label}", f"area {self.area_label}"]
        line = "; ".join(parts) + "."
        if with_data_date:
            line += f" Data to {self.data_date}."
        if self.exported_on:
            line += f" Exported {self.exported_on:%d %b %Y}."
        return line


def figure_for_export(figure: go.Figure | dict, context: ExportContext) -> dict:
    """A copy of `figure`, as a JSON-ready dict, decorated to stand on its own."""
    figure = go.Figure(_as_dict(figure))
    # The dashboard's figures carry no images; an image source is something the drawing
    # browser would fetch or open, so none ever reaches it (defence in depth: figures
    # come only from the server's own chart definitions).
    figure.layout.images = ()
    is_map = any(trace.type == "choropleth" for trace in figure.data)
    for trace in figure.data:
        if trace.type == "choropleth":
            trace.geojson = inline_geojson(trace.geojson)
            if not isinstance(trace.geojson, dict):
                raise ValueError("a map's boundaries must be the dashboard's own")
    width = MAP_EXPORT_WIDTH if is_map else EXPORT_WIDTH
    figure.update_layout(width=width, paper_bgcolor="white", font={"family": FONT_FAMILY})
    if is_map:
        figure.update_layout(height=max(figure.layout.height or 0, MAP_EXPORT_HEIGHT))
    _drop_screen_only_text(figure)
    _rewrap_title(figure, width)
    _keep_title_clear_of_the_top(figure)
    _mark_lines_for_greyscale(figure)
    if is_map:
        _label_map_values(figure)
    _add_footer(figure, context, width)
    return _as_dict(figure)


def export_size(figure: dict) -> tuple[int, int]:
    """(width, height) in layout px of a figure made by figure_for_export."""
    layout = figure.get("layout", {})
    return int(layout.get("width") or EXPORT_WIDTH), int(layout.get("height") or DEFAULT_HEIGHT)


def _as_dict(figure) -> dict:
    """Plain JSON types only (numbers may stay as plotly's base64 arrays)."""
    return json.loads(pio.to_json(figure, validate=False, engine="json"))


def _drop_screen_only_text(figure: go.Figure) -> None:
    title = figure.layout.title.text
    if title:
        figure.layout.title.text = SCREEN_ONLY_HINTS.sub("", title)


def _rewrap_title(figure: go.Figure, width: int) -> None:
    """The builders wrap titles to fit a half-width chart on screen; an export is wider,
    so the bold title is wrapped again to its width (and the top margin follows, by the
    line height finish_figure allows)."""
    layout = figure.layout
    match = BOLD_TITLE.match(layout.title.text or "")
    if not match:
        return
    words = match.group(1).replace("<br>", " ")
    characters = int((width - 2 * TITLE_SIDE_GAP) / TITLE_CHARACTER_WIDTH)
    lines = textwrap.wrap(words, characters)
    fewer = match.group(1).count("<br>") + 1 - len(lines)
    if fewer <= 0:
        return
    top = layout.margin.t if layout.margin.t is not None else DEFAULT_TOP_MARGIN
    height = layout.height or DEFAULT_HEIGHT
    figure.update_layout(title={"text": f"<b>{'<br>'.join(lines)}</b>{match.group(2)}"},
                         margin={"t": top - TITLE_LINE_HEIGHT * fewer}, height=height - TITLE_LINE_HEIGHT * fewer)


def _keep_title_clear_of_the_top(figure: go.Figure) -> None:
    """Plotly anchors a title's first baseline, not the top of its letters, so a bold
    title placed near the top (the builders use 3% down) loses its tops in an image.
    Put the first baseline one line below a clear gap, and grow the image to match."""
    layout = figure.layout
    if not layout.title.text:
        return
    height = layout.height or DEFAULT_HEIGHT
    title_size = layout.title.font.size or round((layout.font.size or 12) * TITLE_FONT_RATIO)
    baseline = TITLE_TOP_GAP + title_size
    was = round((1 - (layout.title.y if layout.title.y is not None else 0.97)) * height)
    shift = max(0, baseline - was)
    top = layout.margin.t if layout.margin.t is not None else DEFAULT_TOP_MARGIN
    figure.update_layout(title={"yref": "container", "y": 1, "yanchor": "top", "pad": {"t": baseline}},
                         height=height + shift, margin={"t": top + shift})


def _mark_lines_for_greyscale(figure: go.Figure) -> None:
    lines = [trace for trace in figure.data
             if trace.type == "scatter" and "lines" in (trace.mode or "lines") and "markers" not in (trace.mode or "")]
    if len(lines) < MARKERS_FROM_LINES:
        return
    for index, trace in enumerate(lines):
        trace.mode = "lines+markers"
        trace.marker = {"symbol": MARKER_SYMBOLS[index % len(MARKER_SYMBOLS)], "size": 7,
                        "color": trace.line.color, "maxdisplayed": MAX_MARKERS_PER_LINE}


def _label_map_values(figure: go.Figure) -> None:
    """Print each borough's value on the map (the values the colours stand for)."""
    for trace in list(figure.data):
        if trace.type != "choropleth" or trace.showscale is False or not isinstance(trace.geojson, dict):
            continue
        points = label_points(trace.geojson, trace.featureidkey or "id")
        locations = list(decode_values(trace.locations))
        values = decode_values(trace.z)
        template = MAP_LABEL_FORMATS.get(trace.name, "{:.3g}")
        placed = [(points[code], template.format(value)) for code, value in zip(locations, values)
                  if code in points and value is not None and value == value]
        if not placed:
            continue
        figure.add_trace(go.Scattergeo(
            lon=[point[0] for point, _ in placed], lat=[point[1] for point, _ in placed],
            text=[text for _, text in placed], mode="text", hoverinfo="skip", showlegend=False,
            textfont={"size": 10, "color": "#000000", "shadow": "1px 1px 2px white, -1px -1px 2px white"},
            name="Values", meta={"export": "labels"}))


def label_points(geojson: dict, featureidkey: str) -> dict[str, tuple[float, float]]:
    """A point inside (or near the middle of) each feature: the area centroid of its
    largest polygon ring."""
    points = {}
    for feature in geojson.get("features", []):
        key = _feature_key(feature, featureidkey)
        geometry = feature.get("geometry") or {}
        polygons = geometry.get("coordinates") or []
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        elif geometry.get("type") != "MultiPolygon":
            continue
        rings = [polygon[0] for polygon in polygons if polygon]
        if key is None or not rings:
            continue
        area, lon, lat = max((_ring_centroid(ring) for ring in rings), key=lambda found: abs(found[0]))
        points[str(key)] = (lon, lat)
    return points


def _feature_key(feature: dict, featureidkey: str):
    value = feature
    for part in featureidkey.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _ring_centroid(ring) -> tuple[float, float, float]:
    """(signed area, lon, lat) of a closed ring, by the shoelace formula."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area == 0:
        xs, ys = [point[0] for point in ring], [point[1] for point in ring]
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return area / 2, cx / (3 * area), cy / (3 * area)


def _add_footer(figure: go.Figure, context: ExportContext, width: int) -> None:
    """The source line and the filters line under everything the chart draws in its
    bottom margin (legend, axis title), where the on-screen source line was."""
    layout = figure.layout
    bottom = layout.margin.b if layout.margin.b is not None else DEFAULT_BOTTOM_MARGIN
    height = layout.height or DEFAULT_HEIGHT
    annotations = list(layout.annotations or [])
    on_screen = next((annotation for annotation in annotations if annotation.name == "source"), None)
    source = on_screen.text if on_screen is not None and on_screen.text else context.source
    # The on-screen line is wrapped for the page's width; unwrapped, it is wrapped again for
    # the image's width below, and every line it takes is counted (a long source naming
    # several releases was cut off at the image's foot).
    source = " ".join(source.replace("<br>", " ").split())
    if context.is_synthetic and SYNTHETIC_LABEL not in source:
        source = f"{SYNTHETIC_LABEL}. {source}"
    left = layout.margin.l if layout.margin.l is not None else DEFAULT_SIDE_MARGIN
    right = layout.margin.r if layout.margin.r is not None else DEFAULT_SIDE_MARGIN
    characters = max(40, int((width - left - right) / FOOTER_CHARACTER_WIDTH))
    filters = context.filters_line(with_data_date=f"Data to {context.data_date}" not in source)
    lines = textwrap.wrap(source, characters) + textwrap.wrap(filters, characters)
    # Annotations with yref "paper" are placed from the plot area's bottom edge, which is
    # `bottom` px above the image's bottom. The footer starts where the on-screen source
    # line started (the builders leave that room under the legend), else under the margin.
    start = -on_screen.yshift if on_screen is not None and on_screen.yshift else bottom + FOOTER_GAP
    new_bottom = max(bottom, start + FOOTER_LINE_HEIGHT * len(lines) + FOOTER_GAP)
    footer = {
        "text": "<br>".join(lines), "showarrow": False, "xref": "paper", "yref": "paper",
        "x": 0, "y": 0, "xanchor": "left", "yanchor": "top", "align": "left", "yshift": -start,
        "font": {"size": FOOTER_FONT_SIZE, "color": "#222222"}, "name": "source",
    }
    figure.update_layout(
        height=height + new_bottom - bottom, margin={"b": new_bottom},
        annotations=[annotation for annotation in annotations if annotation is not on_screen] + [footer])
