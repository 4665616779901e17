"""Each page loads in Chromium and every chart on it draws data, with the numbers the
queries give for the page's default view (the latest 12 months, all of London)."""

import pytest

from components import ids
from tests.browser.dashboard_page import (draws_data, graph_ids_on_page, lines, map_values,
                                          same_numbers, title_text, trace_y, wait_for, wait_for_figure, wait_for_table,
                                          wait_until_settled)
from tests.browser.expected import (CAMDEN, DEFAULT_PERIOD, bar_labels, breakdown_strands, borough_summary,
                                    compare_columns,
                                    map_column, monthly_lines, overview_trend_strands, profile_history,
                                    rates_against_london, strand_bars)

pytestmark = pytest.mark.browser

# Every page, the charts it must draw and the tables it must fill. Charts found on a page
# but not listed here must draw data too: a chart someone adds later is covered.
PAGES = {
    "overview": ("/", [ids.OVERVIEW_MAP, ids.OVERVIEW_STRANDS, ids.OVERVIEW_TREND], []),
    "borough-profile": ("/borough/camden",
                        [ids.PROFILE_TREND, ids.PROFILE_AGAINST_LONDON, ids.PROFILE_STRANDS,
                         ids.PROFILE_COMBINATIONS, ids.PROFILE_OVERLAP, ids.PROFILE_MULTI_TREND,
                         ids.PROFILE_OFFENCE_TYPES, ids.PROFILE_OUTCOMES, ids.PROFILE_HEX_MAP],
                        [ids.PROFILE_RANKS_TABLE, ids.PROFILE_MONTHS_TABLE]),
    "trends": ("/trends", [ids.TRENDS_CHART, ids.TRENDS_MULTI_TREND, ids.TRENDS_COMBINATIONS], []),
    "compare": ("/compare", [], [ids.COMPARE_DATATABLE]),
    # Its small trends depend on what stands out in the latest month: whatever is drawn must draw data.
    "stands-out": ("/stands-out", [], []),
    "about": ("/about", [], [ids.ABOUT_DATASETS_TABLE]),
}
# What stands out's small trends cover the two years to the month they flag, and say so.
OWN_PERIOD_CHARTS = set(ids.STANDS_OUT_ITEM_CHARTS)


@pytest.mark.parametrize("name", PAGES)
def test_every_chart_and_table_on_the_page_shows_data(open_page, name):
    path, graphs, tables = PAGES[name]
    page = open_page(path)
    wait_until_settled(page)
    for graph_id in graphs:
        wait_for_figure(page, graph_id, draws_data, what="data")
    for graph_id in graph_ids_on_page(page):
        # A chart a callback placed (What stands out's list) is drawn a moment after it appears.
        figure = wait_for_figure(page, graph_id, draws_data, what=f"data on {path}")
        assert graph_id in OWN_PERIOD_CHARTS or DEFAULT_PERIOD.label in title_text(figure), \
            f"{path}: chart {graph_id}'s title does not name the period {DEFAULT_PERIOD.label!r}: {figure['title']!r}"
    for table_id in tables:
        rows = wait_for_table(page, table_id, lambda rows: len(rows) > 0, what="rows")
        assert all(any(cell for cell in row.values()) for row in rows), f"{path}: {table_id} has empty rows"


def test_overview_charts_show_londons_numbers_for_the_latest_12_months(open_page, demo_cursor):
    page = open_page("/")
    strands = breakdown_strands(demo_cursor)
    bars = strand_bars(demo_cursor, current=DEFAULT_PERIOD)
    wait_for_figure(page, ids.OVERVIEW_STRANDS, lambda f: (
        same_numbers(trace_y(f, DEFAULT_PERIOD.label), list(bars.offences))
        and same_numbers(trace_y(f, DEFAULT_PERIOD.previous().label), list(bars.previous_offences))
        and f["traces"][0]["x"] == bar_labels(strands)), what="London's offences by strand")

    expected_lines = monthly_lines(demo_cursor, in_period=DEFAULT_PERIOD,
                                   strands=overview_trend_strands(demo_cursor, "all"))
    wait_for_figure(page, ids.OVERVIEW_TREND, lambda f: lines(f) == expected_lines,
                    what="London's monthly offences per strand")

    rates = map_column(demo_cursor, in_period=DEFAULT_PERIOD, strand="all", column="rate_per_1000_per_year")
    figure = wait_for_figure(page, ids.OVERVIEW_MAP, lambda f: map_values(f) == rates,
                             what="each borough's rate per 1,000 residents per year")
    assert len(map_values(figure)) == 32, "the map must colour the 32 Met boroughs"


def test_borough_profile_charts_show_the_boroughs_numbers(open_page, demo_cursor):
    page = open_page("/borough/camden")
    page.get_by_role("heading", name="Camden: borough profile").wait_for()

    history = profile_history(DEFAULT_PERIOD)
    trend = monthly_lines(demo_cursor, in_period=history, strands=["all"], gss_codes=[CAMDEN])["All hate crime"]
    wait_for_figure(page, ids.PROFILE_TREND, lambda f: trace_y(f, "All hate crime") == trend,
                    what="Camden's monthly offences")

    rates = rates_against_london(demo_cursor, in_period=DEFAULT_PERIOD, gss_code=CAMDEN)
    wait_for_figure(page, ids.PROFILE_AGAINST_LONDON, lambda f: (
        same_numbers(trace_y(f, "Camden"), rates["borough"])
        and same_numbers(trace_y(f, "Inner London"), rates["group"])
        and same_numbers(trace_y(f, "London"), rates["london"])), what="Camden's rates against London")

    mix = strand_bars(demo_cursor, current=DEFAULT_PERIOD, gss_codes=[CAMDEN])
    wait_for_figure(page, ids.PROFILE_STRANDS, lambda f: (
        same_numbers(trace_y(f, DEFAULT_PERIOD.label), list(mix.offences))
        and same_numbers(trace_y(f, DEFAULT_PERIOD.previous().label), list(mix.previous_offences))),
        what="Camden's offences by strand")


def test_compare_table_shows_every_boroughs_summary(open_page, demo_cursor):
    page = open_page("/compare")
    summary = borough_summary(demo_cursor, in_period=DEFAULT_PERIOD, strand="all")
    expected = {row.name: {"offences": f"{row.offences:,}", "previous_offences": f"{row.previous_offences:,}",
                           "rate_per_1000_per_year": f"{row.rate_per_1000_per_year:.2f}", "rank_by_rate": str(row.rank_by_rate)}
                for row in summary.itertuples()}

    column = compare_columns(DEFAULT_PERIOD)

    def shown(rows):
        return {row[column["borough"]]: {key: row[column[key]] for key in expected[next(iter(expected))]}
                for row in rows}

    rows = wait_for_table(page, ids.COMPARE_DATATABLE, lambda rows: shown(rows) == expected,
                          what="each borough's offences, rate and rank")
    ranks = [int(row[column["rank_by_rate"]]) for row in rows]
    assert ranks == sorted(ranks), "the table opens sorted by rank, highest rate first"


def test_trends_chart_shows_londons_lines_for_the_default_strands(open_page, demo_cursor):
    page = open_page("/trends")
    # With no strand chosen the Trends page draws all hate crime and the first three strands.
    strands = ["all"] + breakdown_strands(demo_cursor)[:3]
    expected = monthly_lines(demo_cursor, in_period=DEFAULT_PERIOD, strands=strands)
    wait_for_figure(page, ids.TRENDS_CHART, lambda f: lines(f) == expected, what=f"London's lines for {strands}")
    wait_for(lambda: page.locator(f"#{ids.TRENDS_STRANDS} input:checked").count(),
             lambda count: count == len(strands), what="the strands drawn to be ticked", page=page)
