"""Every chart the dashboard draws, by id: what the page callbacks, the chart exports
and the briefing pack look up. A chart's id is its dcc.Graph id on the page (or a
pack-only name); nothing else names a chart.

    figure = build_chart(cursor, context, ids.OVERVIEW_MAP, {"metric": "count"})
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import plotly.graph_objects as go

from charts import borough_profile, incident_views, overview, pack_only, trends
from charts.context import BadChartRequest, PageContext
from charts.options import borough_option, no_options, optional_borough_option
from components import ids

PACK_ROLLING_BARS = "pack-strand-bars-rolling-12-months"
PACK_INNER_OUTER = "pack-inner-outer-london"
PACK_OFFENCE_TYPES = "pack-offence-types"  # the London pack's offence types (the profile's are one borough's)


@dataclass(frozen=True)
class ChartDefinition:
    chart_id: str
    file_name: str                                            # in export file names
    build: Callable[[object, PageContext, dict], go.Figure]   # (cursor, context, checked options)
    check_options: Callable[[object, PageContext], dict]      # (options a client sent, context)


CHARTS: dict[str, ChartDefinition] = {chart.chart_id: chart for chart in [
    ChartDefinition(ids.OVERVIEW_MAP, "borough-map", overview.borough_map, overview.map_options),
    ChartDefinition(ids.OVERVIEW_STRANDS, "strand-breakdown", overview.strand_breakdown, no_options),
    ChartDefinition(ids.OVERVIEW_TREND, "london-monthly-trend", overview.london_trend, no_options),
    ChartDefinition(ids.PROFILE_TREND, "monthly-trend", borough_profile.profile_trend, borough_option),
    ChartDefinition(ids.PROFILE_AGAINST_LONDON, "against-london", borough_profile.profile_against_london,
                    borough_option),
    ChartDefinition(ids.PROFILE_STRANDS, "strand-mix", borough_profile.profile_strand_mix, borough_option),
    ChartDefinition(ids.TRENDS_CHART, "trend", trends.trends_chart, trends.trend_options),
    ChartDefinition(PACK_ROLLING_BARS, "strand-bars-rolling-12-months", pack_only.rolling_strand_bars,
                    optional_borough_option),
    ChartDefinition(PACK_INNER_OUTER, "inner-outer-london", pack_only.inner_outer_london, no_options),
    # What incident data shows (issue 14): on the profile for its borough, on Trends (and in
    # the London pack) for the chosen boroughs or London; the same builders either way.
    ChartDefinition(ids.PROFILE_COMBINATIONS, "strand-combinations", incident_views.combinations_chart,
                    borough_option),
    ChartDefinition(ids.PROFILE_OVERLAP, "strand-overlap-shares", incident_views.overlap_chart, borough_option),
    ChartDefinition(ids.PROFILE_MULTI_TREND, "multi-strand-trend", incident_views.multi_strand_trend_chart,
                    borough_option),
    ChartDefinition(ids.PROFILE_OFFENCE_TYPES, "offence-types", incident_views.offence_types_chart,
                    borough_option),
    ChartDefinition(ids.PROFILE_OUTCOMES, "outcomes", incident_views.outcomes_chart, borough_option),
    ChartDefinition(ids.PROFILE_HEX_MAP, "hexagon-map", incident_views.hex_map_chart, borough_option),
    ChartDefinition(ids.TRENDS_COMBINATIONS, "strand-combinations", incident_views.combinations_chart, no_options),
    ChartDefinition(ids.TRENDS_MULTI_TREND, "multi-strand-trend", incident_views.multi_strand_trend_chart,
                    no_options),
    ChartDefinition(PACK_OFFENCE_TYPES, "offence-types", incident_views.offence_types_chart, no_options),
]}


def chart_definition(chart_id) -> ChartDefinition:
    if not isinstance(chart_id, str) or chart_id not in CHARTS:
        raise BadChartRequest("There is no such chart in the dashboard.")
    return CHARTS[chart_id]


def checked_options(chart_id: str, raw_options, context: PageContext) -> dict:
    return chart_definition(chart_id).check_options(raw_options, context)


def build_chart(cursor, context: PageContext, chart_id: str, raw_options=None) -> go.Figure:
    """The chart's figure for these filters and options (checked here, whoever sent them)."""
    definition = chart_definition(chart_id)
    return definition.build(cursor, context, definition.check_options(raw_options, context))
