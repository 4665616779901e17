"""An address copied from the address bar opens the same view in another browser:
same filters, same numbers on every chart and in every table."""

import pytest

from components import ids
from tests.browser.dashboard_page import (choose, choose_month, data_of, dropdown_text, graph_ids_on_page,
                                          read_figure, read_table, same_numbers, title_text, trace_y, wait_for,
                                          wait_for_figure, wait_for_query, wait_until_settled)
from tests.browser.expected import HACKNEY, period, strand_bars

pytestmark = pytest.mark.browser

FILTERS = [ids.DATASET, ids.PERIOD_START, ids.PERIOD_END, ids.STRAND, ids.BOROUGHS]


def view_of(page, tables=()) -> dict:
    """Everything the page shows that a filter decides: the filter bar, every chart's
    title and data, every listed table's cells."""
    view = {"filters": [dropdown_text(page, control) for control in FILTERS]}
    for graph_id in sorted(graph_ids_on_page(page)):
        figure = read_figure(page, graph_id)
        view[graph_id] = figure and (title_text(figure), data_of(figure))
    for table_id in tables:
        view[table_id] = read_table(page, table_id)
    return view


def test_a_copied_overview_address_shows_the_same_view_in_a_new_browser(open_page, demo_cursor):
    page = open_page("/")
    wait_until_settled(page)
    choose(page, ids.STRAND, "sexual_orientation")
    choose(page, ids.BOROUGHS, "hackney", search="Hack")
    choose_month(page, ids.PERIOD_START, "2024-07")
    wait_for_query(page, strand="sexual_orientation", borough="hackney", **{"from": "2024-07"})
    chosen = period("2024-07", "2025-12")
    bars = strand_bars(demo_cursor, current=chosen, gss_codes=[HACKNEY])
    wait_for_figure(page, ids.OVERVIEW_STRANDS, lambda f: same_numbers(trace_y(f, chosen.label), list(bars.offences)),
                    what="Hackney's offences from Jul 2024")
    wait_until_settled(page)
    shown = view_of(page)

    copied = page.url
    other_browser = open_page(copied)
    wait_for(lambda: view_of(other_browser), lambda view: view == shown,
             what=f"the copied address {copied} to show the same view", page=other_browser)
    assert other_browser.url == copied


def test_a_copied_compare_address_shows_the_same_table_in_a_new_browser(open_page):
    page = open_page("/compare")
    wait_until_settled(page)
    choose(page, ids.STRAND, "disability")
    choose_month(page, ids.PERIOD_END, "2025-06")
    wait_for_query(page, strand="disability", to="2025-06")
    wait_for(lambda: page.locator(f"#{ids.COMPARE_HEADING}").inner_text(),
             lambda text: text.startswith("Disability, Jan 2025 to Jun 2025"), what="the disability heading", page=page)
    wait_until_settled(page)
    shown = view_of(page, tables=[ids.COMPARE_DATATABLE])

    other_browser = open_page(page.url)
    wait_for(lambda: view_of(other_browser, tables=[ids.COMPARE_DATATABLE]), lambda view: view == shown,
             what="the copied compare address to show the same table", page=other_browser)
