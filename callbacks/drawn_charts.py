"""What a page callback sends for each chart: the figure from the chart's one definition
(charts/registry.py), the options it was drawn with (an export, and the chart's "Show
as table", send them back, and they are checked again there) and its heading."""

from dash import Output

from charts.context import PageContext
from charts.registry import build_chart, chart_definition
from components import ids
from components.charts import narrow_screen_heading, numbers_table
from components.url_state import PROJECTOR_VIEW
from figures.figure_data import figure_table
from figures.hex_map import listed_cells
from figures.projector import for_projector


def chart_outputs(chart_id: str) -> list[Output]:
    return [Output(chart_id, "figure"),
            Output({"type": ids.CHART_OPTIONS, "chart": chart_id}, "data"),
            Output({"type": ids.CHART_HEADING, "chart": chart_id}, "children")]


def drawn_chart(cursor, context: PageContext, chart_id: str, raw_options=None) -> tuple:
    """(figure, options, narrow-screen heading) for chart_outputs(chart_id)."""
    options = chart_definition(chart_id).check_options(raw_options, context)
    figure = build_chart(cursor, context, chart_id, options)
    if context.state.view == PROJECTOR_VIEW:
        figure = for_projector(figure)
    return figure, options, narrow_screen_heading(figure)


def chart_numbers(cursor, context: PageContext, chart_id: str, options):
    """The chart's "Show as table": the numbers its figure draws, from the same shared
    answer as the page drew (charts/registry.build_chart), so opening it rebuilds nothing."""
    figure = build_chart(cursor, context, chart_id, options)
    names = dict(zip(context.boroughs.gss_code, context.boroughs.name))
    listed, note = listed_cells(figure_table(figure, location_names=names))
    return numbers_table(listed, figure, note=note)


def not_drawn(message_figure) -> tuple:
    """For a chart that has nothing to draw yet (a page waiting for a choice)."""
    return message_figure, None, None
