"""One chart as a file: PNG (2x), SVG or the CSV of the numbers it draws, named for what
it is. Used by the per-chart download buttons (callbacks/exports.py), always with an
answer the server built itself from the chart's definition (charts/registry.py): the
image from its figure, the CSV from its table."""

from __future__ import annotations

import base64
import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd

from figures.answer import ChartAnswer
from figures.tables import table_csv
from exports.figure_for_export import PNG_SCALE, ExportContext, export_size, figure_for_export
from exports.filenames import LONDON, area_slug, export_filename
from exports.rendering import ImageRequest, render_images

if TYPE_CHECKING:
    from charts.context import PageContext
    from charts.registry import ChartDefinition

CHART_FORMATS = {"png": "image/png", "svg": "image/svg+xml", "csv": "text/csv"}


def export_area(context: PageContext, options: dict) -> tuple[str, str]:
    """(file-name slug, words) for the area a chart shows: the borough its options name
    (a profile's charts), else the boroughs chosen in the filters, else all of London."""
    borough = context.borough(options.get("borough")) if options.get("borough") else None
    if borough is not None:
        return borough.slug, borough.name
    if context.state.boroughs:
        return area_slug(context.state.boroughs), context.area_label
    return LONDON, "all of London"


def export_context(context: PageContext, area_label: str, *, today: dt.date | None = None) -> ExportContext:
    return ExportContext(
        dataset_name=context.dataset.label, is_synthetic=bool(context.dataset.is_synthetic),
        period_label=context.state.period.label, strand_label=context.strand_label, area_label=area_label,
        source=context.source, data_date=f"{pd.Timestamp(context.dataset.last_month):%B %Y}",
        exported_on=today or dt.date.today())


def chart_filename(context: PageContext, area: str, definition: ChartDefinition, file_format: str) -> str:
    return export_filename(area=area, strand=context.state.strand, period=context.state.period,
                           name=definition.file_name, extension=file_format)


def chart_file(answer: ChartAnswer, file_format: str, *, export: ExportContext, filename: str) -> dict:
    """What dcc.Download sends: the file's content, name and type. PNG and SVG are drawn
    on the server (raises exports.rendering.RenderingUnavailable if they cannot be)."""
    if file_format not in CHART_FORMATS:
        raise ValueError(f"charts download as {', '.join(CHART_FORMATS)}, not {file_format!r}")
    if file_format == "csv":
        return {"content": table_csv(answer.table), "filename": filename,
                "type": CHART_FORMATS["csv"], "base64": False}
    ready = figure_for_export(answer, export)
    width, height = export_size(ready)
    scale = PNG_SCALE if file_format == "png" else 1
    image = render_images([ImageRequest(ready, file_format, width, height, scale)])[0]
    return {"content": base64.b64encode(image).decode("ascii"), "filename": filename,
            "type": CHART_FORMATS[file_format], "base64": True}
