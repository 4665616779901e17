"""Clicking a borough on the London map opens that borough's profile, keeping the filters."""

import pytest

from components import ids
from tests.browser.dashboard_page import (POINT_IN_BOROUGH_JS, draws_data, dropdown_text, title_text, wait_for,
                                          wait_for_figure, wait_for_query, wait_until_settled)
from tests.browser.expected import CAMDEN

pytestmark = pytest.mark.browser


def click_borough(page, gss_code: str) -> None:
    """A real mouse click inside the borough's shape, where a user would click."""
    wait_for_figure(page, ids.OVERVIEW_MAP, draws_data, what="the borough map")
    page.locator(f"#{ids.OVERVIEW_MAP} .choroplethlocation").first.wait_for()
    page.locator(f"#{ids.OVERVIEW_MAP}").scroll_into_view_if_needed()
    point = wait_for(lambda: page.evaluate(POINT_IN_BOROUGH_JS, [ids.OVERVIEW_MAP, gss_code]), bool,
                     what=f"{gss_code}'s shape on the map", page=page)
    page.mouse.move(point["x"], point["y"])
    page.mouse.click(point["x"], point["y"])


def test_clicking_camden_on_the_map_opens_camdens_profile(open_page):
    page = open_page("/?strand=race&from=2025-01&to=2025-06")
    wait_until_settled(page)
    click_borough(page, CAMDEN)

    page.wait_for_url("**/borough/camden?**")
    page.get_by_role("heading", name="Camden: borough profile").wait_for()
    wait_for_query(page, strand="race", borough="camden", **{"from": "2025-01", "to": "2025-06"})
    figure = wait_for_figure(page, ids.PROFILE_TREND, draws_data, what="Camden's trend")
    assert "Camden" in title_text(figure) and "Race" in title_text(figure)
    assert dropdown_text(page, ids.BOROUGHS) == "Camden"
    assert dropdown_text(page, ids.STRAND) == "Race"

    # The profile finishes drawing first: a map whose shapes are still being fetched when
    # its page is left throws in plotly.js (see the closing note of issue 14).
    page.wait_for_load_state("networkidle")
    # Back returns to the map as it was: London, no borough chosen.
    page.go_back()
    page.get_by_role("heading", name="London overview").wait_for()
    wait_for(lambda: dropdown_text(page, ids.BOROUGHS), lambda text: text == "All of London",
             what="the borough filter to return to all of London", page=page)
    assert "borough=" not in page.url
