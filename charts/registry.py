"""Every chart the dashboard draws, by id: what the page callbacks, the chart exports
and the briefing pack look up. A chart's id is its dcc.Graph id on the page (or a
pack-only name); nothing else names a chart.

    answer = chart_answer(cursor, context, ids.OVERVIEW_MAP, {"metric": "count"})

A definition answers with data (figures/answer.py: words, table, plain-dict figure);
the page, the exports and the pack render from that answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from charts import borough_profile, incident_views, overview, pack_only, partners, stands_out, trends
from charts.context import PageContext, shared_answer
from security.bad_request import BadRequest
from charts.options import borough_option, no_options, optional_borough_option
from components import ids
from figures.answer import ChartAnswer
from queries.disclosure import disclosure_threshold

PACK_ROLLING_BARS = "pack-strand-bars-rolling-12-months"
PACK_INNER_OUTER = "pack-inner-outer-london"
PACK_OFFENCE_TYPES = "pack-offence-types"  # the London pack's offence types (the profile's are one borough's)


@dataclass(frozen=True)
class ChartDefinition:
    chart_id: str
    file_name: str                                            # in export file names
    build: Callable[[object, PageContext, dict], ChartAnswer]  # (cursor, context, checked options)
    check_options: Callable[[object, PageContext], dict]      # (options a client sent, context)
    # For a chart whose own options choose what it shows (What stands out's small trends:
    # an area, a strand, two years): the context its export files are named and labelled
    # by. None: the page's filters.
    export_view: Callable[[PageContext, dict], PageContext] | None = None
    # The part of the page's filters the figure reads, for the shared answers' key. None:
    # all of them. A chart drawn from its own options and the dataset alone (What stands
    # out's small trends) is then built once for every filter state that lists it, and
    # once for all the places in the list it can take.
    reads_filters: Callable[[PageContext], dict] | None = None


CHARTS: dict[str, ChartDefinition] = {chart.chart_id: chart for chart in [
    ChartDefinition(ids.OVERVIEW_MAP, "borough-map", overview.borough_map, overview.map_options),
    ChartDefinition(ids.OVERVIEW_STRANDS, "strand-breakdown", overview.strand_breakdown, no_options),
    ChartDefinition(ids.OVERVIEW_TREND, "london-monthly-trend", overview.london_trend, no_options),
    ChartDefinition(ids.PROFILE_TREND, "monthly-trend", borough_profile.profile_trend, borough_option),
    ChartDefinition(ids.PROFILE_RATE_TREND, "monthly-rate-against-london", borough_profile.profile_rate_trend,
                    borough_option),
    ChartDefinition(ids.PROFILE_AGAINST_LONDON, "against-london", borough_profile.profile_against_london,
                    borough_option),
    ChartDefinition(ids.PROFILE_STRANDS, "strand-mix", borough_profile.profile_strand_mix, borough_option),
    ChartDefinition(ids.TRENDS_CHART, "trend", trends.trends_chart, trends.trend_options),
    ChartDefinition(PACK_ROLLING_BARS, "strand-bars-rolling-12-months", pack_only.rolling_strand_bars,
                    optional_borough_option),
    ChartDefinition(PACK_INNER_OUTER, "inner-outer-london", pack_only.inner_outer_london, no_options),
    # What stands out's small trends: one id per place in its list, one definition.
    *[ChartDefinition(chart_id, "expected-range", stands_out.stands_out_trend, stands_out.band_options,
                      export_view=stands_out.export_view, reads_filters=stands_out.filters_read)
      for chart_id in ids.STANDS_OUT_ITEM_CHARTS],
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
    # Beyond police data (issue 20): one id per panel place, one definition.
    *[ChartDefinition(chart_id, "partner-reports", partners.partner_panel, partners.panel_options)
      for chart_id in ids.PARTNER_PANEL_CHARTS],
]}


def chart_definition(chart_id) -> ChartDefinition:
    if not isinstance(chart_id, str) or chart_id not in CHARTS:
        raise BadRequest("There is no such chart in the dashboard.")
    return CHARTS[chart_id]


def checked_options(chart_id: str, raw_options, context: PageContext) -> dict:
    return chart_definition(chart_id).check_options(raw_options, context)


def chart_answer(cursor, context: PageContext, chart_id: str, raw_options=None) -> ChartAnswer:
    """The chart's answer for these filters and options (checked here, whoever sent
    them). Shared between everyone asking the same of the same store: when a meeting
    opens one link, each chart is built once."""
    definition = chart_definition(chart_id)
    options = definition.check_options(raw_options, context)
    # The disclosure threshold is a setting, not an option: it is in the key so that
    # changing it never serves a map drawn under the old one.
    if definition.reads_filters is None:
        name, filters = f"chart {chart_id}", context.state.to_store()
    else:
        name, filters = f"chart {definition.build.__module__}.{definition.build.__qualname__}", \
            definition.reads_filters(context)
    key = {"state": filters, "options": options, "disclosure_threshold": disclosure_threshold()}
    return shared_answer(cursor, name, key, lambda: definition.build(cursor, context, options))
