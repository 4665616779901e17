"""One chart as a file: PNG (2x), SVG or the CSV of the numbers it draws, named for what
it is. Used by the per-chart download buttons (callbacks/exports.py)."""

from __future__ import annotations

import base64
import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd

from exports.figure_data import figure_table, table_csv
from exports.figure_for_export import PNG_SCALE, ExportContext, export_size, figure_for_export
from exports.filenames import LONDON, area_slug, export_filename
from exports.rendering import ImageRequest, render_images

if TYPE_CHECKING:
    from callbacks.shared import PageContext

CHART_FORMATS = {"png": "image/png", "svg": "image/svg+xml", "csv": "text/csv"}
BOROUGH_PATH_PREFIX = "/borough/"


def find_figure(tree, graph_id: str) -> dict | None:
    """The figure of the dcc.Graph with id `graph_id` inside a layout subtree, as the
    browser holds it (the subtree a chart's box sends back with a click)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            props = node.get("props")
            if isinstance(props, dict):
                if props.get("id") == graph_id and isinstance(props.get("figure"), dict):
                    return props["figure"]
                stack.append(props.get("children"))
    return None


def export_area(context: PageContext, pathname: str | None) -> tuple[str, str]:
    """(file-name slug, words) for the area a chart shows: the borough of a profile page,
    else the boroughs chosen in the filters, else all of London."""
    path = str(pathname or "")
    if path.startswith(BOROUGH_PATH_PREFIX):
        slug = path[len(BOROUGH_PATH_PREFIX):].strip("/").lower()
        match = context.boroughs[(context.boroughs.slug == slug) & context.boroughs.policed_by_met]
        if not match.empty:
            return slug, str(match["name"].iloc[0])
    if context.state.boroughs:
        return area_slug(context.state.boroughs), context.area_label
    return LONDON, "all of London"


def export_context(context: PageContext, area_label: str, *, today: dt.date | None = None) -> ExportContext:
    return ExportContext(
        dataset_name=str(context.dataset["name"]), is_synthetic=bool(context.dataset.is_synthetic),
        period_label=context.state.period.label, strand_label=context.strand_label, area_label=area_label,
        source=context.source, data_date=f"{pd.Timestamp(context.dataset.last_month):%B %Y}",
        exported_on=today or dt.date.today())


def chart_filename(context: PageContext, area: str, graph_id: str, file_format: str) -> str:
    return export_filename(area=area, strand=context.state.strand, period=context.state.period, name=graph_id,
                           extension=file_format)


def chart_file(figure: dict, file_format: str, *, export: ExportContext, filename: str,
               location_names: dict[str, str] | None = None) -> dict:
    """What dcc.Download sends: the file's content, name and type. PNG and SVG are drawn
    on the server (raises exports.rendering.RenderingUnavailable if they cannot be)."""
    if file_format not in CHART_FORMATS:
        raise ValueError(f"charts download as {', '.join(CHART_FORMATS)}, not {file_format!r}")
    if file_format == "csv":
        return {"content": table_csv(figure_table(figure, location_names=location_names)), "filename": filename,
                "type": CHART_FORMATS["csv"], "base64": False}
    ready = figure_for_export(figure, export)
    width, height = export_size(ready)
    scale = PNG_SCALE if file_format == "png" else 1
    image = render_images([ImageRequest(ready, file_format, width, height, scale)])[0]
    return {"content": base64.b64encode(image).decode("ascii"), "filename": filename,
            "type": CHART_FORMATS[file_format], "base64": True}
