"""What a page callback sends for each chart: the figure rendered from the chart's one
answer (charts/registry.py), the options it was drawn with (an export, and the chart's
"Show as table", send them back, and they are checked again there) and its heading."""

from dash import Output

from charts.context import PageContext
from charts.registry import chart_answer, chart_definition
from components import ids
from components.charts import chart_heading, numbers_table
from components.url_state import PROJECTOR_VIEW
from figures.answer import ChartAnswer
from figures.page_figure import page_figure


def chart_outputs(chart_id: str) -> list[Output]:
    return [Output(chart_id, "figure"),
            Output({"type": ids.CHART_OPTIONS, "chart": chart_id}, "data"),
            Output({"type": ids.CHART_HEADING, "chart": chart_id}, "children")]


def drawn_chart(cursor, context: PageContext, chart_id: str, raw_options=None) -> tuple:
    """(figure, options, narrow-screen heading) for chart_outputs(chart_id)."""
    options = chart_definition(chart_id).check_options(raw_options, context)
    answer = chart_answer(cursor, context, chart_id, options)
    return page_figure(answer, projector=context.state.view == PROJECTOR_VIEW), options, chart_heading(answer)


def chart_numbers(cursor, context: PageContext, chart_id: str, options):
    """The chart's "Show as table": its answer's table, from the same shared answer as
    the page drew (charts/registry.chart_answer), so opening it rebuilds nothing."""
    return numbers_table(chart_answer(cursor, context, chart_id, options))


def not_drawn(answer: ChartAnswer) -> tuple:
    """For a chart that has nothing to draw yet (a page waiting for a choice)."""
    return page_figure(answer), None, None
