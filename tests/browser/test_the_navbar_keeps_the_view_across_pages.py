"""Moving between pages with the navbar keeps the filters: every page opens on the
period, strand and boroughs chosen, and the borough profile link opens the chosen
borough (or the list to choose from)."""

import pytest

from components import ids
from tests.browser.dashboard_page import (choose, choose_month, dropdown_text, lines, query_of, wait_for,
                                          wait_for_query,
                                          wait_for_figure, wait_for_table, wait_until_settled)
from tests.browser.expected import borough_summary, compare_columns, monthly_lines, period

pytestmark = pytest.mark.browser

FILTERS = {"from": "2024-04", "strand": "race"}


def follow_link(page, name: str) -> None:
    """Click a navbar link once it carries the filters (a callback writes its address
    just after the filters change)."""
    link = page.get_by_role("link", name=name, exact=True)
    wait_for(lambda: link.get_attribute("href"), lambda href: all(f"{k}={v}" in href for k, v in FILTERS.items()),
             what=f"the {name!r} link to carry {FILTERS}", page=page)
    link.click()


def test_every_navbar_link_carries_the_chosen_period_and_strand(open_page, demo_cursor):
    page = open_page("/")
    wait_until_settled(page)
    choose(page, ids.STRAND, "race")
    choose_month(page, ids.PERIOD_START, "2024-04")
    wait_for_query(page, **FILTERS)
    chosen = period("2024-04", "2025-12")

    follow_link(page, "Trends")
    page.wait_for_url("**/trends?**")
    wait_for_query(page, **FILTERS)
    race = monthly_lines(demo_cursor, in_period=chosen, strands=["race"])
    wait_for_figure(page, ids.TRENDS_CHART, lambda f: lines(f) == race, what="London's race line from Apr 2024")

    follow_link(page, "Compare boroughs")
    page.wait_for_url("**/compare?**")
    wait_for_query(page, **FILTERS)
    summary = borough_summary(demo_cursor, in_period=chosen, strand="race")
    expected = {row.name: f"{row.offences:,}" for row in summary.itertuples()}
    column = compare_columns(chosen)
    wait_for_table(page, ids.COMPARE_DATATABLE, lambda rows: {r["Borough"]: r[column["offences"]] for r in rows} == expected,
                   what="each borough's race offences from Apr 2024")

    follow_link(page, "About the data")
    page.wait_for_url("**/about?**")
    follow_link(page, "London overview")
    page.get_by_role("heading", name="London overview").wait_for()
    wait_for_query(page, **FILTERS)
    assert [dropdown_text(page, ids.PERIOD_START), dropdown_text(page, ids.STRAND)] == ["Apr 2024", "Race"]


def test_the_borough_profile_link_opens_the_chosen_borough_or_the_list(open_page):
    page = open_page("/")
    wait_until_settled(page)
    link = page.get_by_role("link", name="Borough profile")
    assert link.get_attribute("href").startswith("/borough/choose"), link.get_attribute("href")

    choose(page, ids.BOROUGHS, "camden", search="Camden")
    wait_for_query(page, borough="camden")
    wait_for(lambda: link.get_attribute("href"), lambda href: href.startswith("/borough/camden?"),
             what="the Borough profile link to open Camden", page=page, timeout_s=5)
    link.click()
    page.get_by_role("heading", name="Camden: borough profile").wait_for()


def test_choosing_another_borough_on_a_profile_opens_its_profile_and_its_own_stays_put(open_page):
    """Written in the browser (assets/filter_links.js): the address the filter bar leads to."""
    page = open_page("/borough/camden?from=2024-04&to=2025-03&strand=race")
    wait_until_settled(page)
    nav = page.get_by_role("link", name="Borough profile", exact=True)
    wait_for(lambda: nav.get_attribute("href"), lambda href: href.startswith("/borough/choose?") and
             "from=2024-04" in href and "strand=race" in href, what="the profile link to carry the filters", page=page)
    choose(page, ids.BOROUGHS, "hackney", search="Hackney")
    page.wait_for_url("**/borough/hackney?**")
    wait_for_query(page, strand="race", borough="hackney")
    assert page.url.split("?", 1)[1].startswith("dataset=1&from=2024-04&to=2025-03&strand=race&borough=hackney")
    page.get_by_role("heading", name="Hackney: borough profile").wait_for()
    wait_for(lambda: nav.get_attribute("href"), lambda href: href.startswith("/borough/hackney?"),
             what="the profile link to open the one borough chosen", page=page)


def test_a_period_chosen_on_a_profile_stays_chosen_however_the_profile_was_opened(open_page):
    """The profile once had a second dcc.Location that kept the address it opened with and,
    a moment after the filter bar wrote the new one, pushed the old one back: the month
    chosen jumped back (about half the time, more often on a page opened again in the same
    tab). Opened three times, as a link without dataset= leaves it, each choice must hold."""
    page = open_page("/borough/lambeth?from=2024-01&to=2024-12&strand=race")
    for month in ("2024-10", "2024-06", "2024-03"):
        page.goto(page.url.split("?", 1)[0] + "?from=2024-01&to=2024-12&strand=race")
        wait_until_settled(page)
        choose_month(page, ids.PERIOD_START, month)
        wait_for_query(page, **{"from": month})
        wait_until_settled(page)
        page.wait_for_timeout(500)  # the old page pushed its address back within half a second
        assert query_of(page)["from"] == month
        assert dropdown_text(page, ids.PERIOD_START) == f"{period(month, month).start:%b %Y}"
