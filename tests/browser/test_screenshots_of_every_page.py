"""Screenshots of every page, full length, at a laptop's 1366x768 and a projector's
1920x1080, kept in artifacts/screenshots/ for people to look at."""

import pytest

from components import ids
from tests.browser.conftest import LAPTOP, PROJECTOR
from tests.browser.dashboard_page import draws_data, graph_ids_on_page, wait_for_figure, wait_until_settled

pytestmark = pytest.mark.browser

PAGES = {
    "overview": "/",
    "overview-camden-race": "/?strand=race&borough=camden",
    "borough-profile": "/borough/camden",
    "trends": "/trends",
    "compare": "/compare",
    "stands-out": "/stands-out",
    "about": "/about",
}
SIZES = {"1366x768": LAPTOP, "1920x1080": PROJECTOR}
SETTLE_MS = 300  # Plotly finishes its transitions after the data arrives; no test waits on this


@pytest.mark.parametrize("size", SIZES)
def test_screenshot_of_every_page(open_page, screenshots_dir, size):
    page = open_page(None, viewport=SIZES[size])
    for name, path in PAGES.items():
        page.goto(path)
        wait_until_settled(page)
        for graph_id in graph_ids_on_page(page):
            wait_for_figure(page, graph_id, draws_data, what="data")
        if page.locator(f"#{ids.OVERVIEW_MAP}").count():
            page.locator(f"#{ids.OVERVIEW_MAP} .choroplethlocation").first.wait_for()
        page.wait_for_timeout(SETTLE_MS)
        target = screenshots_dir / f"{name}_{size}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000, f"{target} is suspiciously small"
        page_width = page.evaluate("document.documentElement.scrollWidth")
        assert page_width <= SIZES[size]["width"], \
            f"{path} is {page_width} px wide at {size}: people would have to scroll sideways"
