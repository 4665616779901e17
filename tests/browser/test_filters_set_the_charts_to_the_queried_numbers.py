"""Changing the period, the strand and the borough in the filter bar (as a user does, or
by opening an address that holds them) changes the charts to the numbers the queries
give for that filter."""

import pytest

from components import ids
from tests.browser.dashboard_page import (choose, choose_month, dropdown_text, lines, map_values, same_numbers,
                                          title_text, trace_named, trace_y, wait_for, wait_for_figure,
                                          wait_for_query, wait_for_table, wait_until_settled)
from tests.browser.expected import (CAMDEN, DEFAULT_PERIOD, HACKNEY, bar_labels, breakdown_strands, compare_columns,
                                    borough_summary, map_column, monthly_lines, period, profile_history,
                                    strand_bars)

pytestmark = pytest.mark.browser


def wait_for_strand_bars(page, graph_id, bars, current, *, what):
    return wait_for_figure(page, graph_id, lambda f: (
        same_numbers(trace_y(f, current.label), list(bars.offences))
        and same_numbers(trace_y(f, current.previous().label), list(bars.previous_offences))), what=what)


def test_choosing_a_strand_and_a_borough_sets_the_overview_to_their_numbers(open_page, demo_cursor):
    page = open_page("/")
    wait_until_settled(page)

    choose(page, ids.STRAND, "race")
    wait_for_query(page, strand="race")
    race_london = monthly_lines(demo_cursor, in_period=DEFAULT_PERIOD, strands=["race"])
    wait_for_figure(page, ids.OVERVIEW_TREND, lambda f: lines(f) == race_london, what="London's race line only")
    race_rates = map_column(demo_cursor, in_period=DEFAULT_PERIOD, strand="race", column="rate_per_1000_per_year")
    wait_for_figure(page, ids.OVERVIEW_MAP, lambda f: map_values(f) == race_rates,
                    what="each borough's race hate crime rate")

    choose(page, ids.BOROUGHS, "camden", search="Camden")
    wait_for_query(page, strand="race", borough="camden")
    assert dropdown_text(page, ids.BOROUGHS) == "Camden"
    camden_bars = strand_bars(demo_cursor, current=DEFAULT_PERIOD, gss_codes=[CAMDEN])
    figure = wait_for_strand_bars(page, ids.OVERVIEW_STRANDS, camden_bars, DEFAULT_PERIOD,
                                  what="Camden's offences by strand")
    assert trace_named(figure, DEFAULT_PERIOD.label)["x"] == bar_labels(breakdown_strands(demo_cursor))
    assert "Camden" in title_text(figure)
    race_camden = monthly_lines(demo_cursor, in_period=DEFAULT_PERIOD, strands=["race"], gss_codes=[CAMDEN])
    wait_for_figure(page, ids.OVERVIEW_TREND, lambda f: lines(f) == race_camden, what="Camden's race line")
    # The map keeps all 32 boroughs coloured and outlines the one chosen.
    wait_for_figure(page, ids.OVERVIEW_MAP, lambda f: map_values(f) == race_rates and any(
        t["locations"] == [CAMDEN] and t["name"] == "Chosen borough" for t in f["traces"]),
        what="race rates with Camden outlined")
    race_offences = int(camden_bars.set_index("strand").offences["race"])
    cards = page.locator(f"#{ids.OVERVIEW_CARDS} .card").first
    wait_for(lambda: cards.inner_text(), lambda text: "Race: Camden" in text and f"{race_offences:,}" in text,
             what=f"the first headline card to show Camden's {race_offences:,} race offences", page=page)

    page.get_by_label("Offences", exact=True).check()
    race_counts = map_column(demo_cursor, in_period=DEFAULT_PERIOD, strand="race", column="offences")
    wait_for_figure(page, ids.OVERVIEW_MAP, lambda f: map_values(f) == race_counts,
                    what="each borough's race offences")


def test_changing_the_period_sets_the_charts_to_that_periods_numbers(open_page, demo_cursor):
    page = open_page("/")
    wait_until_settled(page)
    chosen = period("2024-01", "2024-06")

    choose_month(page, ids.PERIOD_START, "2024-01")
    wait_for_query(page, **{"from": "2024-01"})
    choose_month(page, ids.PERIOD_END, "2024-06")
    wait_for_query(page, **{"from": "2024-01", "to": "2024-06"})
    assert (dropdown_text(page, ids.PERIOD_START), dropdown_text(page, ids.PERIOD_END)) == ("Jan 2024", "Jun 2024")

    bars = strand_bars(demo_cursor, current=chosen)
    wait_for_strand_bars(page, ids.OVERVIEW_STRANDS, bars, chosen, what="London's offences, Jan to Jun 2024")
    expected_lines = monthly_lines(demo_cursor, in_period=chosen,
                                   strands=["all"] + breakdown_strands(demo_cursor))
    figure = wait_for_figure(page, ids.OVERVIEW_TREND, lambda f: lines(f) == expected_lines,
                             what="six months of London's lines")
    assert all(len(values) == 6 for values in lines(figure).values())
    rates = map_column(demo_cursor, in_period=chosen, strand="all", column="rate_per_1000_per_year")
    wait_for_figure(page, ids.OVERVIEW_MAP, lambda f: map_values(f) == rates, what="rates for Jan to Jun 2024")


def test_choosing_a_strand_on_a_borough_profile_draws_that_strand_for_the_borough(open_page, demo_cursor):
    page = open_page("/borough/hackney")
    wait_until_settled(page)
    choose(page, ids.STRAND, "islamophobic")
    wait_for_query(page, strand="islamophobic")
    expected = monthly_lines(demo_cursor, in_period=profile_history(DEFAULT_PERIOD), strands=["islamophobic"],
                             gss_codes=[HACKNEY])["Islamophobic"]
    figure = wait_for_figure(page, ids.PROFILE_TREND, lambda f: trace_y(f, "Islamophobic") == expected,
                             what="Hackney's islamophobic offences per month")
    assert "Islamophobic" in title_text(figure) and "Hackney" in title_text(figure)


def test_choosing_a_strand_on_compare_sets_every_boroughs_row_to_its_summary(open_page, demo_cursor):
    page = open_page("/compare")
    wait_until_settled(page)
    choose(page, ids.STRAND, "sexual_orientation")
    wait_for_query(page, strand="sexual_orientation")
    summary = borough_summary(demo_cursor, in_period=DEFAULT_PERIOD, strand="sexual_orientation")
    expected = {row.name: (f"{row.offences:,}", f"{row.previous_offences:,}", f"{row.rate_per_1000_per_year:.2f}",
                           str(row.rank_by_rate)) for row in summary.itertuples()}
    column = compare_columns(DEFAULT_PERIOD)
    wait_for_table(page, ids.COMPARE_DATATABLE, lambda rows: {
        row[column["borough"]]: tuple(row[column[key]] for key in ("offences", "previous_offences", "rate_per_1000_per_year",
                                                                   "rank_by_rate"))
        for row in rows} == expected, what="each borough's sexual orientation offences, rate and rank")
    heading = page.locator(f"#{ids.COMPARE_HEADING}").inner_text()
    assert f"{int(summary.offences.sum()):,} offences" in heading, heading


def test_an_address_with_filters_opens_trends_on_that_view(open_page, demo_cursor):
    page = open_page("/trends?from=2024-01&to=2024-06&strand=islamophobic")
    wait_until_settled(page)
    expected = monthly_lines(demo_cursor, in_period=period("2024-01", "2024-06"), strands=["islamophobic"])
    figure = wait_for_figure(page, ids.TRENDS_CHART, lambda f: lines(f) == expected,
                             what="London's islamophobic offences, Jan to Jun 2024")
    assert "Jan 2024 to Jun 2024" in title_text(figure)
    assert [dropdown_text(page, control) for control in (ids.PERIOD_START, ids.PERIOD_END, ids.STRAND)] == \
        ["Jan 2024", "Jun 2024", "Islamophobic (faith)"]
    # Reading the address must not write it again (that would trap the back button).
    assert page.url.endswith("/trends?from=2024-01&to=2024-06&strand=islamophobic")


def test_an_address_with_a_borough_opens_the_overview_on_that_borough(open_page, demo_cursor):
    page = open_page("/?from=2023-04&to=2024-03&strand=antisemitic&borough=hackney")
    wait_until_settled(page)
    chosen = period("2023-04", "2024-03")
    bars = strand_bars(demo_cursor, current=chosen, gss_codes=[HACKNEY])
    wait_for_strand_bars(page, ids.OVERVIEW_STRANDS, bars, chosen, what="Hackney's offences, Apr 2023 to Mar 2024")
    expected = monthly_lines(demo_cursor, in_period=chosen, strands=["antisemitic"], gss_codes=[HACKNEY])
    wait_for_figure(page, ids.OVERVIEW_TREND, lambda f: lines(f) == expected, what="Hackney's antisemitic line")
    assert dropdown_text(page, ids.BOROUGHS) == "Hackney"
