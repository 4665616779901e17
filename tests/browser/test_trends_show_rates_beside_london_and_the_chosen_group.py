"""Trends as a user works it: choosing rates and a comparison group writes both into the
address, and the chart draws the borough's, London's and the group's rates per 1,000
residents per year as the queries give them; a copied address opens the same chart."""

import pytest

from components import ids
from queries.comparison_groups import comparison_groups
from queries.rates import RATE_UNIT, monthly_rates
from tests.browser.dashboard_page import (choose, same_numbers, trace_y, wait_for_figure, wait_for_query,
                                          wait_until_settled)
from tests.browser.expected import demo_dataset_id, period

pytestmark = pytest.mark.browser

EXAMPLE = "example-group-edit-me"


def expected_line(cursor, codes, chosen):
    rates = monthly_rates(cursor, dataset_id=demo_dataset_id(cursor), period=chosen, strand="all", gss_codes=codes)
    return [round(value, 3) for value in rates.rate_per_1000_per_year]


def test_rates_and_a_comparison_group_are_drawn_and_kept_in_the_address(open_page, demo_cursor):
    page = open_page("/trends?borough=camden&from=2025-01&to=2025-12")
    wait_until_settled(page)
    page.get_by_label("Rate per 1,000 residents per year").check()
    wait_for_query(page, measure="rate", borough="camden")
    chosen = period("2025-01", "2025-12")
    london = expected_line(demo_cursor, None, chosen)
    wait_for_figure(page, ids.TRENDS_CHART, lambda f: RATE_UNIT in (f.get("title") or "")
                    and same_numbers(trace_y(f, "London"), london), what="London's monthly rate beside Camden's")

    choose(page, ids.COMPARISON_GROUP, EXAMPLE)
    wait_for_query(page, measure="rate", group=EXAMPLE)
    members = list(comparison_groups(demo_cursor).set_index("slug").loc[EXAMPLE, "gss_codes"])
    group = expected_line(demo_cursor, members, chosen)
    wait_for_figure(page, ids.TRENDS_CHART, lambda f: same_numbers(trace_y(f, "Example group (edit me)"), group),
                    what="the example group's monthly rate")

    copied = open_page("/" + page.url.split("/", 3)[3])
    wait_until_settled(copied)
    wait_for_figure(copied, ids.TRENDS_CHART, lambda f: same_numbers(trace_y(f, "Example group (edit me)"), group)
                    and same_numbers(trace_y(f, "London"), london), what="the same lines from the copied address")
