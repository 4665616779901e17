"""The browser's back (and forward) button walks through the views a user chose: the
filter bar and the charts return to what they showed."""

import pytest

from components import ids
from tests.browser.dashboard_page import (choose, dropdown_text, lines, wait_for, wait_for_figure, wait_for_query,
                                          wait_until_settled)
from tests.browser.expected import DEFAULT_PERIOD, monthly_lines, overview_trend_strands

pytestmark = pytest.mark.browser

ALL_HATE_CRIME = "All hate crime (distinct offences)"


def test_back_after_choosing_a_strand_restores_the_strand_and_the_numbers(open_page, demo_cursor):
    page = open_page("/")
    wait_until_settled(page)
    london = monthly_lines(demo_cursor, in_period=DEFAULT_PERIOD, strands=overview_trend_strands(demo_cursor, "all"))
    race = monthly_lines(demo_cursor, in_period=DEFAULT_PERIOD, strands=["race"])
    wait_for_figure(page, ids.OVERVIEW_TREND, lambda f: lines(f) == london, what="London's lines for every strand")
    opened_at = page.url

    choose(page, ids.STRAND, "race")
    wait_for_query(page, strand="race")
    wait_for_figure(page, ids.OVERVIEW_TREND, lambda f: lines(f) == race, what="the race line only")

    page.go_back()
    wait_for(lambda: dropdown_text(page, ids.STRAND), lambda text: text == ALL_HATE_CRIME,
             what="the strand filter to return to all hate crime", page=page)
    assert page.url == opened_at
    wait_for_figure(page, ids.OVERVIEW_TREND, lambda f: lines(f) == london, what="London's lines for every strand again")

    page.go_forward()
    wait_for(lambda: dropdown_text(page, ids.STRAND), lambda text: text == "Race",
             what="the strand filter to return to race", page=page)
    wait_for_figure(page, ids.OVERVIEW_TREND, lambda f: lines(f) == race, what="the race line again")


def test_back_from_another_page_returns_to_the_view_left(open_page, demo_cursor):
    page = open_page("/")
    wait_until_settled(page)
    choose(page, ids.STRAND, "race")
    wait_for_query(page, strand="race")
    race = monthly_lines(demo_cursor, in_period=DEFAULT_PERIOD, strands=["race"])
    wait_for_figure(page, ids.OVERVIEW_TREND, lambda f: lines(f) == race, what="the race line only")

    page.get_by_role("link", name="Trends").click()
    page.wait_for_url("**/trends?**strand=race**")
    wait_for_figure(page, ids.TRENDS_CHART, lambda f: lines(f) == race, what="the race line on Trends")

    page.go_back()
    page.get_by_role("heading", name="London overview").wait_for()
    wait_for_query(page, strand="race")
    assert dropdown_text(page, ids.STRAND) == "Race"
    wait_for_figure(page, ids.OVERVIEW_TREND, lambda f: lines(f) == race, what="the race line back on the overview")
