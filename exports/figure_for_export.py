"""A chart answer drawn to stand on its own in a report, out of the dashboard.

The same answer the page draws (figures/answer.py), framed for an image:
- the title wrapped to the image's width, and no instructions that only make sense on
  screen ("Click a borough...": the answer keeps them apart as its screen hint);
- the source line, the filters that shaped the chart and the data date in a footer;
- a fixed size (a chart on screen takes the width of its column);
- lines that can be told apart in greyscale print when there are many of them (markers
  of different shapes, on top of the builders' dash patterns);
- on maps, each borough's value printed on it, so a diverging colour scale still reads
  in greyscale.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass

from figures.answer import ChartAnswer
from figures.common import FONT_FAMILY, SYNTHETIC_LABEL
from figures.page_figure import BASE_FONT_SIZE, SOURCE_NAME, escape, framed_figure, grown_height, title_wrap
from geodata.inline import inline_geojson
from queries.rates import RATE_LABEL

EXPORT_WIDTH = 960       # layout px; at 2x that is 1,920 px, sharp across an A4 page at 300 dpi
MAP_EXPORT_WIDTH = 860   # London is wider than tall: this size draws it large, with room for
MAP_EXPORT_HEIGHT = 700  # the colour bar and a value printed on each borough
PNG_SCALE = 2            # the issue: sharp at print size, at least 2x
# The plot area of an exported chart (not a map) is at least this tall (a third of the
# image's width): a long subtitle takes room from the image's height, not from the plot.
EXPORT_MIN_PLOT_HEIGHT = 320
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
MESSAGE_TITLE_Y = 0.97           # plotly's default title position, where a message figure's sits
TITLE_CHARACTER_WIDTH = 10       # average px per character of a bold 17 px Arial title
TITLE_SIDE_GAP = 20

# With three lines or more, colour and dash alone can blur in greyscale print: add a
# marker shape per line, at most this many per line so a daily series stays readable.
MARKERS_FROM_LINES = 3
MARKER_SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "cross", "triangle-down", "star",
                  "hexagon", "pentagon"]
MAX_MARKERS_PER_LINE = 24

MAP_LABEL_FORMATS = {"Offences": "{:,.0f}", RATE_LABEL: "{:.1f}",
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


def figure_for_export(answer: ChartAnswer, context: ExportContext) -> dict:
    """The answer as an image's figure (a fresh JSON-ready dict), framed to stand on its own."""
    is_map = answer.is_map
    width = MAP_EXPORT_WIDTH if is_map else EXPORT_WIDTH
    characters = int((width - 2 * TITLE_SIDE_GAP) / TITLE_CHARACTER_WIDTH)
    # What fits the image's width: a full-width chart's page wrap (100) would run past its edge.
    figure = framed_figure(answer, title_wrap=characters, on_screen=False)
    layout = figure["layout"]
    # The dashboard's figures carry no images; an image source is something the drawing
    # browser would fetch or open, so none ever reaches it (defence in depth: figures
    # come only from the server's own chart definitions).
    layout.pop("images", None)
    for trace in figure["data"]:
        if trace.get("type") == "choropleth":
            trace["geojson"] = inline_geojson(trace.get("geojson"))
            if not isinstance(trace["geojson"], dict):
                raise ValueError("a map's boundaries must be the dashboard's own")
    height = max(answer.frame.height, MAP_EXPORT_HEIGHT) if is_map else answer.frame.height
    top = _layout_top(layout)
    # The plot keeps the height it has on the page: a title on fewer lines takes less room.
    if answer.message is None:
        height = grown_height(answer, top, height)
    # Plotly anchors a title's first baseline, not the top of its letters: put it one
    # line below a clear gap, so tall letters are never clipped in an image.
    baseline = TITLE_TOP_GAP + round(BASE_FONT_SIZE * TITLE_FONT_RATIO)
    shift = baseline if answer.message is None else max(0, baseline - round((1 - MESSAGE_TITLE_Y) * height))
    layout["title"] = {**layout.get("title", {}), "yref": "container", "y": 1, "yanchor": "top", "pad": {"t": baseline}}
    layout.update(width=width, paper_bgcolor="white", font={**layout.get("font", {}), "family": FONT_FAMILY},
                  height=height + shift, margin={**layout.get("margin", {}), "t": top + shift})
    _mark_lines_for_greyscale(figure)
    if is_map:
        _label_map_values(figure)
    _add_footer(figure, answer, context, width)
    if not is_map and answer.message is None:
        _give_the_plot_room(layout)
    return figure


def _give_the_plot_room(layout: dict) -> None:
    """A plot area at least EXPORT_MIN_PLOT_HEIGHT px tall: the image grows, the words
    around the plot keep their room. On the page a chart in a narrow column keeps a
    short plot under a long subtitle; at twice that width the same 140 px plot is a
    strip in which small bars vanish."""
    margin = layout.get("margin", {})
    plot = layout["height"] - margin.get("t", DEFAULT_TOP_MARGIN) - margin.get("b", DEFAULT_BOTTOM_MARGIN)
    if plot < EXPORT_MIN_PLOT_HEIGHT:
        layout["height"] += EXPORT_MIN_PLOT_HEIGHT - plot


def plot_area_height(figure: dict) -> int:
    """The layout px between a figure_for_export figure's top and bottom margins."""
    layout = figure["layout"]
    return int(layout["height"] - layout["margin"]["t"] - layout["margin"]["b"])


def _layout_top(layout: dict) -> int:
    return int((layout.get("margin") or {}).get("t", DEFAULT_TOP_MARGIN))


def export_size(figure: dict) -> tuple[int, int]:
    """(width, height) in layout px of a figure made by figure_for_export."""
    layout = figure.get("layout", {})
    return int(layout.get("width") or EXPORT_WIDTH), int(layout.get("height") or DEFAULT_HEIGHT)


def _mark_lines_for_greyscale(figure: dict) -> None:
    """Markers on each line when there are three or more; the expected range's edges are
    the edges of a shading, not lines, and get none (they would read as a data series)."""
    lines = [trace for trace in figure["data"]
             if trace.get("type") == "scatter" and "lines" in (trace.get("mode") or "lines")
             and "markers" not in (trace.get("mode") or "") and (trace.get("line") or {}).get("width") != 0]
    if len(lines) < MARKERS_FROM_LINES:
        return
    for index, trace in enumerate(lines):
        trace["mode"] = "lines+markers"
        trace["marker"] = {"symbol": MARKER_SYMBOLS[index % len(MARKER_SYMBOLS)], "size": 7,
                           "color": (trace.get("line") or {}).get("color"), "maxdisplayed": MAX_MARKERS_PER_LINE}


def _label_map_values(figure: dict) -> None:
    """Print each borough's value on the map (the values the colours stand for)."""
    for trace in list(figure["data"]):
        if trace.get("type") != "choropleth" or trace.get("showscale") is False or \
                not isinstance(trace.get("geojson"), dict):
            continue
        points = label_points(trace["geojson"], trace.get("featureidkey") or "id")
        template = MAP_LABEL_FORMATS.get(trace.get("name"), "{:.3g}")
        placed = [(points[code], template.format(value)) for code, value in zip(trace["locations"], trace["z"])
                  if code in points and value is not None and value == value]
        if not placed:
            continue
        figure["data"].append({
            "type": "scattergeo", "lon": [point[0] for point, _ in placed], "lat": [point[1] for point, _ in placed],
            "text": [text for _, text in placed], "mode": "text", "hoverinfo": "skip", "showlegend": False,
            "textfont": {"size": 10, "color": "#000000", "shadow": "1px 1px 2px white, -1px -1px 2px white"},
            "name": "Values"})


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


def _add_footer(figure: dict, answer: ChartAnswer, context: ExportContext, width: int) -> None:
    """The source line and the filters line under everything the chart draws in its
    bottom margin (legend, axis title), where the on-screen source line was."""
    layout = figure["layout"]
    margin = layout.setdefault("margin", {})
    bottom = margin.get("b", DEFAULT_BOTTOM_MARGIN)
    height = layout.get("height") or DEFAULT_HEIGHT
    annotations = list(layout.get("annotations", []))
    on_screen = next((annotation for annotation in annotations if annotation.get("name") == SOURCE_NAME), None)
    source = answer.text.source or context.source
    if context.is_synthetic and SYNTHETIC_LABEL not in source:
        source = f"{SYNTHETIC_LABEL}. {source}"
    left, right = margin.get("l", DEFAULT_SIDE_MARGIN), margin.get("r", DEFAULT_SIDE_MARGIN)
    characters = max(40, int((width - left - right) / FOOTER_CHARACTER_WIDTH))
    filters = context.filters_line(with_data_date=f"Data to {context.data_date}" not in source)
    lines = textwrap.wrap(source, characters) + textwrap.wrap(filters, characters)
    # Annotations with yref "paper" are placed from the plot area's bottom edge, which is
    # `bottom` px above the image's bottom. The footer starts where the on-screen source
    # line started (the page leaves that room under the legend), else under the margin.
    start = -on_screen["yshift"] if on_screen is not None and on_screen.get("yshift") else bottom + FOOTER_GAP
    new_bottom = max(bottom, start + FOOTER_LINE_HEIGHT * len(lines) + FOOTER_GAP)
    footer = {
        "text": "<br>".join(map(escape, lines)), "showarrow": False, "xref": "paper", "yref": "paper",
        "x": 0, "y": 0, "xanchor": "left", "yanchor": "top", "align": "left", "yshift": -start,
        "font": {"size": FOOTER_FONT_SIZE, "color": "#222222"}, "name": SOURCE_NAME,
    }
    layout["height"] = height + new_bottom - bottom
    margin["b"] = new_bottom
    layout["annotations"] = [annotation for annotation in annotations if annotation is not on_screen] + [footer]
