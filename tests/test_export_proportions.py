"""An exported chart's SVG is the PNG at 1x: the same width, height and layout (its
width, height and viewBox are the PNG's pixels over PNG_SCALE, and its plot area takes
the same share of the image), and that plot area is never a strip under a long
subtitle (at least EXPORT_MIN_PLOT_HEIGHT px, where on the page's narrow column it was
about 140 px under three subtitle lines and small bars vanished)."""

import base64
import io
import re

import duckdb
import pytest
from PIL import Image

from bench.figure_timing import last_year_state
from charts import registry
from charts.context import context_for_state, viewer_facts
from components import ids
from exports import rendering
from exports.chart_files import chart_file, export_context
from exports.figure_for_export import (EXPORT_MIN_PLOT_HEIGHT, PNG_SCALE, export_size, figure_for_export,
                                       plot_area_height)
from exports.rendering import ImageRequest, render_images
from figures.page_figure import page_figure

needs_chromium = pytest.mark.skipif(
    rendering.find_chromium() is None,
    reason="no Chromium at /usr/bin/chromium or BROWSER_PATH (apt-get install chromium)")

# Bars, a trend with its expected range, and the chart the issue found cramped (its page
# subtitle runs to three lines).
CHARTS = [(ids.PROFILE_AGAINST_LONDON, {"borough": "camden"}), (ids.PROFILE_TREND, {"borough": "camden"}),
          (ids.OVERVIEW_STRANDS, None)]
PLOT_MARK = (0, 255, 1)  # a plot background no chart uses, to find the plot area in the PNG
SVG_SIZE = re.compile(r'<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"[^>]*\sviewBox="([^"]+)"')
SVG_PLOT = re.compile(r'<clipPath id="clip\w*?xyplot" class="plotclip"><rect width="([\d.]+)" height="([\d.]+)"')


@pytest.fixture(scope="module")
def answers(demo_store_path):
    con = duckdb.connect(str(demo_store_path), read_only=True)
    cursor = con.cursor()
    facts = viewer_facts(cursor)
    context = context_for_state(facts, last_year_state(facts, ("camden",)))
    yield context, [registry.chart_answer(cursor, context, chart_id, options) for chart_id, options in CHARTS]
    con.close()


def svg_facts(svg: str) -> tuple[float, float, str, float]:
    """(width, height, viewBox, plot area height) of a plotly SVG."""
    size, plot = SVG_SIZE.search(svg), SVG_PLOT.search(svg)
    return float(size[1]), float(size[2]), size[3], float(plot[2])


def marked_rows(png: bytes) -> tuple[int, int]:
    """(first, last) pixel row of the PNG's plot area, painted PLOT_MARK."""
    with Image.open(io.BytesIO(png)) as image:
        pixels = image.convert("RGB").load()
        width, height = image.size
        rows = [y for y in range(height) if any(pixels[x, y] == PLOT_MARK for x in range(0, width, 2))]
    return rows[0], rows[-1]


def test_every_exported_chart_but_a_map_has_a_plot_at_least_the_minimum_tall(answers):
    context, charts = answers
    for answer in charts:
        exported = figure_for_export(answer, export_context(context, "Camden"))
        assert plot_area_height(exported) >= EXPORT_MIN_PLOT_HEIGHT, answer.text.title


def test_the_plot_the_page_kept_short_grows_in_the_export(answers):
    context, charts = answers
    against_london = charts[0]
    page = page_figure(against_london)["layout"]
    on_page = page["height"] - page["margin"]["t"] - page["margin"]["b"]
    exported = figure_for_export(against_london, export_context(context, "Camden"))
    assert on_page < EXPORT_MIN_PLOT_HEIGHT <= plot_area_height(exported)


@needs_chromium
def test_the_svg_download_is_the_png_download_at_1x(answers):
    """The chart's own PNG and SVG buttons (exports/chart_files.py), on the chart the
    issue found cramped."""
    context, charts = answers
    export = export_context(context, "Camden")
    for answer in charts[:1]:
        png = base64.b64decode(chart_file(answer, "png", export=export, filename="chart.png")["content"])
        svg = base64.b64decode(chart_file(answer, "svg", export=export, filename="chart.svg")["content"]).decode()
        width, height, view_box, _ = svg_facts(svg)
        with Image.open(io.BytesIO(png)) as image:
            pixels = image.size
        assert (width * PNG_SCALE, height * PNG_SCALE) == pixels, answer.text.title
        assert view_box == f"0 0 {width:g} {height:g}"


@needs_chromium
def test_the_svgs_plot_area_takes_the_same_share_of_the_image_as_the_pngs(answers):
    context, charts = answers
    requests = []
    for answer in charts:
        figure = figure_for_export(answer, export_context(context, "Camden"))
        figure["layout"]["plot_bgcolor"] = "rgb({}, {}, {})".format(*PLOT_MARK)
        width, height = export_size(figure)
        requests += [ImageRequest(figure, "png", width, height, PNG_SCALE), ImageRequest(figure, "svg", width, height)]
    drawn = render_images(requests)
    for index, answer in enumerate(charts):
        png, svg = drawn[2 * index], drawn[2 * index + 1].decode()
        width, height, view_box, plot = svg_facts(svg)
        first, last = marked_rows(png)
        with Image.open(io.BytesIO(png)) as image:
            png_width, png_height = image.size
        assert (width * PNG_SCALE, height * PNG_SCALE) == (png_width, png_height), answer.text.title
        assert view_box == f"0 0 {width:g} {height:g}"
        assert abs((last - first + 1) / png_height - plot / height) <= 2 / png_height, answer.text.title
        assert plot >= EXPORT_MIN_PLOT_HEIGHT
