"""Offline and error-free: opening and using every page sends no request to any host
but the app's own (a council network that blocks CDNs and tile servers shows the same
dashboard), and the browser console shows no errors.

Every browser test is held to this by the `open_page` fixture (tests/browser/conftest.py)
and the whole run again when it ends; this test makes the claim on its own, and checks
that the record it relies on is really being kept."""

import pytest

from components import ids
from tests.browser.dashboard_page import draws_data, graph_ids_on_page, wait_for_figure, wait_until_settled

pytestmark = pytest.mark.browser

PAGES = ["/", "/borough/camden", "/borough/choose", "/trends", "/compare", "/stands-out", "/about",
         "/trends?granularity=week", "/?borough=nowhere&strand=astrology&from=1999-13"]


def test_every_page_loads_everything_from_the_app_and_logs_no_console_error(open_page, browser_record,
                                                                             dashboard, request):
    page = open_page(None)
    for path in PAGES:
        page.goto(path)
        wait_until_settled(page)
        for graph_id in graph_ids_on_page(page):
            wait_for_figure(page, graph_id, lambda figure: figure is not None, what="a figure")
    # Hovering a map borough draws Plotly's hover label: it needs nothing from outside either.
    page.goto("/")
    wait_for_figure(page, ids.OVERVIEW_MAP, draws_data, what="the map")
    page.locator(f"#{ids.OVERVIEW_MAP} .choroplethlocation").first.hover(force=True)
    page.wait_for_load_state("networkidle")

    requests = browser_record.requests_of(request.node.nodeid)
    assert any("/_dash-update-component" in url for url in requests), "the request record is empty or broken"
    assert any("/assets/topojson/" in url for url in requests), \
        "the map's base topojson should be served by the app itself"
    foreign = [url for url in requests if f"//{dashboard.origin}/" not in url]
    assert foreign == [], f"requests to hosts other than {dashboard.origin}: {foreign}"
    assert browser_record.problems_of(request.node.nodeid) == []
