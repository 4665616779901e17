"""Every page, in the states a user reaches, passes axe-core's WCAG 2.2 AA rules (tags
wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa): the level the Public Sector Bodies
Accessibility Regulations 2018 require of council and police services. Any violation
fails, with the rule, the element and axe's advice.

Published (monthly counts) data is checked by test_published_data_pages_meet_wcag_22_aa.py,
on a server of its own."""

import pytest

from components import ids
from tests.browser.accessibility import wcag_violations
from tests.browser.dashboard_page import draws_data, graph_ids_on_page, wait_for, wait_for_figure, wait_until_settled

pytestmark = pytest.mark.browser

STATES = {
    "overview": "/",
    "overview, a strand chosen": "/?strand=islamophobic",
    "overview, boroughs chosen": "/?strand=race&borough=camden,hackney",
    "overview, projector view": "/?view=present",
    "borough profile": "/borough/camden",
    "borough profile, unknown borough": "/borough/atlantis",
    "trends": "/trends",
    "trends, boroughs chosen": "/trends?strand=race&borough=camden,hackney,sutton",
    "compare": "/compare",
    "compare, boroughs chosen": "/compare?borough=camden,hackney",
    "what stands out": "/stands-out",
    "what stands out, every month of a year": "/stands-out?from=2025-01&to=2025-12",
    "about": "/about",
}
# Bexley recorded no transgender hate crime in January 2025 in the demo store.
EMPTY_RESULT = "/trends?from=2025-01&to=2025-01&strand=transgender&borough=bexley"


def settle(page) -> None:
    wait_until_settled(page)
    if "/borough/atlantis" in page.url:
        page.get_by_text("Choose one below").wait_for()
        return
    for graph_id in graph_ids_on_page(page):
        wait_for_figure(page, graph_id, draws_data, what="data")


@pytest.mark.parametrize("state", STATES)
def test_every_page_state_has_no_wcag_22_aa_violation(open_page, state):
    page = open_page(STATES[state])
    settle(page)
    violations = wcag_violations(page)
    assert not violations, f"{state} ({STATES[state]}): " + "\n  ".join(violations)


def test_an_empty_result_has_no_wcag_22_aa_violation(open_page):
    page = open_page(EMPTY_RESULT)
    wait_until_settled(page)
    wait_for(lambda: page.locator(f"#{ids.TRENDS_CHART}").inner_text(), lambda text: "No offences recorded" in text,
             what="the sentence for an empty result", page=page)
    violations = wcag_violations(page)
    assert not violations, "\n  ".join(violations)


def test_an_open_filter_menu_has_no_wcag_22_aa_violation(open_page):
    page = open_page("/")
    wait_until_settled(page)
    page.locator(f"#{ids.STRAND}").focus()
    page.keyboard.press("Enter")
    page.locator(".dash-dropdown-content[data-state=open]").wait_for()
    violations = wcag_violations(page)
    page.keyboard.press("Escape")
    assert not violations, "\n  ".join(violations)
