"""Every registry chart answers with data: words, a table and a plain-dict figure.

For each kind of dataset (an incident extract, the Met's published counts) and for London
and a borough, every chart's page figure (plain and projector) and export figure pass
Plotly's schema, building twice gives equal answers (no builder shares a dict it changes),
the figure is plain JSON, and the answer's table holds exactly the numbers its traces draw."""

import datetime as dt
import json
import math
import re

import duckdb
import plotly.graph_objects as go
import pytest

from bench.figure_timing import last_year_state
from charts import registry
from charts.context import context_for_state, viewer_facts
from charts.options import borough_option, optional_borough_option
from components import ids
from exports.chart_files import export_context
from exports.figure_for_export import figure_for_export
from figures.page_figure import PROJECTOR_MIN_FONT, page_figure
from geodata import BOUNDARY_ATTRIBUTION
from queries.rates import RATE_UNIT
from tests.rate_units import rate_columns, rate_words_without_unit

NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")
# One of What stands out's identical small-trend slots stands for them all; so does one partner panel's.
CHART_IDS = [chart_id for chart_id in registry.CHARTS
             if chart_id not in (*ids.STANDS_OUT_ITEM_CHARTS[1:], *ids.PARTNER_PANEL_CHARTS[1:])]


@pytest.fixture(scope="module", params=["incidents", "published"])
def dataset(request, demo_store_path, small_published_store_path):
    """(cursor, state for London, state for Camden) of one kind of dataset."""
    path = demo_store_path if request.param == "incidents" else small_published_store_path
    con = duckdb.connect(str(path), read_only=True)
    cursor = con.cursor()
    facts = viewer_facts(cursor)
    yield cursor, facts, last_year_state(facts), last_year_state(facts, ("camden",))
    con.close()


def options_for(chart_id: str, context) -> list:
    definition = registry.CHARTS[chart_id]
    if definition.check_options in (borough_option, optional_borough_option):
        return [{"borough": "camden"}]
    if chart_id == ids.OVERVIEW_MAP:
        return [{"metric": metric} for metric in ("count", "rate", "change", "outcome_rate")]
    if chart_id == ids.TRENDS_CHART:
        return [None, {"rolling": "long", "scale": "log"}, {"measure": "rate"}, {"measure": "rate", "rolling": "short"}]
    if chart_id in ids.STANDS_OUT_ITEM_CHARTS:
        return [{"area": "camden", "strand": context.state.strand, "month": f"{context.state.end:%Y-%m}"}]
    if chart_id in ids.PARTNER_PANEL_CHARTS:
        # London's first source, and the demo's Camden council log (several strands, quarters).
        return [None, {"area": "camden", "source": "Synthetic council hate incident log (Camden)"}]
    return [None]


def numbers(values) -> set[float]:
    found = set()
    for value in values if isinstance(values, list) else [values]:
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, (int, float)):
            if not math.isnan(value):
                found.add(round(float(value), 6))
        elif isinstance(value, str):
            found |= {round(float(text.replace(",", "")), 6) for text in NUMBER.findall(value)}
        elif isinstance(value, list):
            found |= numbers(value)
    return found


def drawn_numbers(figure: dict) -> tuple[set[float], set[float]]:
    """(every number the traces draw or print, the numbers of the traces that show data:
    not outlines, shading edges or the grey of areas with no data)."""
    everything, data = set(), set()
    shown = (figure["layout"].get("xaxis") or {}).get("range")
    for trace in figure["data"]:
        values = trace.get("z") if trace["type"] == "choropleth" else \
            trace.get("x") if trace.get("orientation") == "h" else trace.get("y")
        if shown and values is not None:  # a line can start before the axis, to begin its rolling mean
            values = [y for x, y in zip(trace["x"], values) if shown[0] <= x <= shown[1]]
        found = numbers(values) if values is not None else set()
        everything |= found | numbers(trace.get("text") or [])
        if trace.get("hoverinfo") != "skip" and trace.get("showscale") is not False and trace["type"] != "scattergeo":
            data |= found
    return everything, data


def table_numbers(answer) -> set[float]:
    found = set()
    for column in answer.table.columns[1:]:
        for value in answer.table[column]:
            if value is None or value is getattr(__import__("pandas"), "NA") or value != value:
                continue
            if isinstance(value, str):
                if value.strip().replace(".", "", 1).isdigit():
                    found.add(round(float(value), 6))
            elif not isinstance(value, bool):
                found.add(round(float(value), 6))
    return found


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_every_chart_answers_with_words_a_table_and_a_plain_figure_that_plotly_accepts(dataset, chart_id):
    cursor, facts, london, borough = dataset
    definition = registry.CHARTS[chart_id]
    for state in (london, borough):
        context = context_for_state(facts, state)
        for raw in options_for(chart_id, context):
            options = definition.check_options(raw, context)
            answer = definition.build(cursor, context, options)
            again = definition.build(cursor, context, options)
            assert json.dumps(answer.figure, allow_nan=False, sort_keys=True) == \
                json.dumps(again.figure, sort_keys=True), "building twice must give equal figures"
            assert answer.text == again.text and answer.table.equals(again.table)
            assert answer.text.title and "<" not in answer.text.title and answer.text.source
            for figure in (page_figure(answer), page_figure(answer, projector=True),
                           figure_for_export(answer, export_context(context, "Camden", today=dt.date(2026, 1, 1)))):
                go.Figure(figure)  # raises on anything Plotly's schema does not know
            # Changing what one renderer made never changes the answer, or the next render.
            page = page_figure(answer)
            page["layout"]["title"]["text"] = "changed"
            for trace in page["data"]:
                trace["name"] = "changed"
                for value in trace.values():  # and what the traces and layout hold inside
                    value.append("changed") if isinstance(value, list) else \
                        value.update(changed=1) if isinstance(value, dict) else None
            for value in page["layout"].values():
                value.append("changed") if isinstance(value, list) else \
                    value.update(changed=1) if isinstance(value, dict) else None
            assert page_figure(answer) == page_figure(again)
            if answer.message is not None:
                assert answer.figure["data"] == [] and answer.table.columns.tolist() == ["Message"]
                continue
            everything, data = drawn_numbers(answer.figure)
            in_table = table_numbers(answer)
            assert in_table <= everything, f"{chart_id}: the table holds numbers no trace draws"
            assert data <= in_table, f"{chart_id}: a trace draws numbers the table does not hold"


def borough_answers(dataset, chart_id, *, with_london: bool = False):
    """(context, answer) for the borough (and first London's, `with_london`), an answer for
    each of the chart's kinds of options."""
    cursor, facts, london, borough = dataset
    definition = registry.CHARTS[chart_id]
    for state in (london, borough) if with_london else (borough,):
        context = context_for_state(facts, state)
        for raw in options_for(chart_id, context):
            yield context, definition.build(cursor, context, definition.check_options(raw, context))


def font_sizes(node) -> list[float]:
    """Every font size a figure sets: font dicts, and the inline sizes of its title markup."""
    if isinstance(node, dict):
        sizes = [value["size"] for key, value in node.items()
                 if key.endswith("font") and isinstance(value, dict) and "size" in value]
        text = node.get("text")
        if isinstance(text, str):
            sizes += [float(size) for size in re.findall(r"font-size:(\d+)px", text)]
        return sizes + [size for key, value in node.items() if not key.endswith("font") for size in font_sizes(value)]
    if isinstance(node, list):
        return [size for item in node for size in font_sizes(item)]
    return []


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_every_chart_as_a_slide_sets_no_text_under_24_px_and_leaves_its_height_to_the_screen(dataset, chart_id):
    for _context, answer in borough_answers(dataset, chart_id):
        slide, page = page_figure(answer, projector=True), page_figure(answer)
        sizes = font_sizes(slide)
        assert sizes and min(sizes) >= PROJECTOR_MIN_FONT, f"{chart_id}: text of {min(sizes)} px on a slide"
        # Plotly fills the slide's box (the window's height, assets/dashboard.css): a fixed
        # height would push the title or the source line off a small projector's screen.
        assert "height" not in slide["layout"] and slide["layout"]["autosize"] is True
        if answer.message is None:
            assert slide["layout"]["margin"]["t"] > page["layout"]["margin"]["t"]
            assert slide["layout"]["margin"]["b"] > page["layout"]["margin"]["b"]


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_every_map_carries_the_boundary_licence_line_on_the_page_and_in_its_export(dataset, chart_id):
    for context, answer in borough_answers(dataset, chart_id):
        if not any(trace["type"] in ("choropleth", "choroplethmap") for trace in answer.figure["data"]):
            continue
        assert BOUNDARY_ATTRIBUTION in answer.text.notes, chart_id
        exported = figure_for_export(answer, export_context(context, "Camden", today=dt.date(2026, 1, 1)))
        drawn = re.sub(r"<[^>]+>", " ", json.dumps(exported["layout"], ensure_ascii=False))
        assert "Contains Ordnance Survey data" in drawn and "database right 2012" in drawn, chart_id


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_every_rate_a_chart_shows_is_per_1000_residents_per_year(dataset, chart_id):
    for _context, answer in borough_answers(dataset, chart_id, with_london=True):
        assert all(RATE_UNIT in column for column in rate_columns(answer.table.columns)), \
            (chart_id, list(answer.table.columns))
        assert rate_words_without_unit(answer.figure) == [], chart_id
        words = " ".join([answer.text.title, *answer.text.subtitle])
        assert words.count("per 1,000") == words.count(RATE_UNIT), (chart_id, words)
