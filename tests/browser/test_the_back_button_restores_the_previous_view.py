"""The browser's back (and forward) button walks through the views a user chose: the
filter bar and the charts return to what they showed."""

import pytest

from components import ids
from tests.browser.dashboard_page import (choose, dropdown_text, lines, query_of, wait_for, wait_for_figure,
                                          wait_for_query, wait_until_settled)
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


def test_stands_out_options_travel_in_the_address_and_back_undoes_them(open_page):
    """What stands out's options: written to the address when chosen, kept when a filter
    changes, undone by back, and opened from a copied address in a new browser."""
    page = open_page("/stands-out")
    wait_until_settled(page)
    summary = page.locator(f"#{ids.STANDS_OUT_SUMMARY}")
    summary.get_by_text("combinations judged would be above their range by chance alone").wait_for()
    one_month = summary.inner_text()

    page.get_by_label("Every month of the period").check()
    wait_for_query(page, when="period")
    wait_for(lambda: summary.inner_text(), lambda text: text != one_month and "chance alone" in text,
             what="the summary for every month of the period", page=page)
    choose(page, ids.STRAND, "race")
    wait_for_query(page, strand="race", when="period")
    copied = page.url

    page.go_back()
    wait_for_query(page, when="period")
    page.go_back()
    wait_for(lambda: query_of(page).get("when", ""), lambda when: when == "",
             what="the address without the option", page=page)
    wait_for(lambda: page.get_by_label("The last month of the period chosen above").is_checked(), bool,
             what="the radio back on the last month", page=page)
    wait_for(lambda: summary.inner_text(), lambda text: text == one_month, what="the last month's summary again",
             page=page)

    other = open_page(copied)
    wait_until_settled(other)
    assert other.get_by_label("Every month of the period").is_checked()
    assert dropdown_text(other, ids.STRAND) == "Race"
