"""The meeting's record in a real browser: a reviewer marks Camden's flagged month
"explained: known event", signs out and back in, and sees it on the borough's trend and
on the agenda; a viewer sees it and cannot change it. Every page is checked by axe-core
(WCAG 2.2 AA) and stays free of console errors.

The demo store's Camden race offences in August 2024 are above their expected range
(117 against an upper bound of 114): that month is the signal."""

import json
import shutil

import pytest

from signin import accounts
from tests.browser.accessibility import wcag_violations
from tests.browser.conftest import UI_TIMEOUT_MS, serving
from tests.browser.dashboard_page import wait_until_settled

pytestmark = pytest.mark.browser
PASSWORD = "a long enough password"
SIGNAL = "synthetic/E09000007/race/2024-08/above-expected-range"
TREND = "/borough/camden?dataset=1&from=2023-12&to=2024-11&strand=race"
AGENDA = "/since-last-meeting?dataset=1&from=2025-12&to=2026-11&strand=all&borough=camden&since=2020-01-01"


@pytest.fixture(scope="module")
def review_server(demo_store_path, tmp_path_factory):
    folder = tmp_path_factory.mktemp("review-server")
    store = folder / "store.duckdb"
    shutil.copy(demo_store_path, store)
    accounts.add_user(folder / "accounts.sqlite", "chair", PASSWORD, accounts.REVIEWER)
    accounts.add_user(folder / "accounts.sqlite", "member", PASSWORD)
    with serving(store, folder, DASHBOARD_SIGN_IN="accounts", DASHBOARD_SECRET_KEY="k" * 40,
                 DASHBOARD_ACCOUNTS=str(folder / "accounts.sqlite"),
                 DASHBOARD_AUDIT_LOG=str(folder / "audit.log")) as url:
        yield url, folder


def signed_in_page(chromium, url, username, errors):
    context = chromium.new_context(base_url=url)
    context.set_default_timeout(UI_TIMEOUT_MS)
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, username)
    return context, page


def sign_in(page, username):
    page.goto("/sign-in")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    wait_until_settled(page)


def settled(page, path):
    page.goto(path)
    wait_until_settled(page)
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')")


def reviewed_star(page) -> dict:
    """The trend's 'Reviewed month' trace as Plotly drew it."""
    return page.evaluate("""() => {
        const graph = document.querySelector('#profile-monthly-trend .js-plotly-plot');
        const trace = graph && graph.data.find(t => t.name === 'Reviewed month');
        return trace ? {x: trace.x, text: trace.text, hover: trace.hovertext} : null;
    }""")


def test_a_reviewer_explains_camdens_month_and_a_viewer_sees_it_but_cannot_change_it(chromium, review_server):
    url, folder = review_server
    errors, violations = [], []
    context, page = signed_in_page(chromium, url, "chair", errors)
    page.goto(f"/signals/review?signal={SIGNAL}")
    assert "Race hate offences in Camden in August 2024: above its expected range." in page.inner_text("body")
    violations += wcag_violations(page)
    page.get_by_label("Status").select_option("explained")
    page.get_by_label("Explanation (needed when explained or closed)").select_option("known event")
    page.get_by_label("Owner").fill("Camden police")
    page.get_by_label("Note").fill("Vigil after the attack")
    page.get_by_role("button", name="Save").click()
    assert "known event" in page.inner_text("table")

    page.goto("/sign-out")
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "chair")
    settled(page, TREND)
    page.wait_for_function("() => document.querySelector('#profile-monthly-trend .js-plotly-plot')")
    star = reviewed_star(page)
    assert star is not None and star["text"] == ["explained (known event)"]
    assert str(star["x"][0]).startswith("2024-08")
    violations += wcag_violations(page)
    settled(page, AGENDA)
    body = page.inner_text("body")
    assert "Race hate offences in Camden in August 2024: above its expected range" in body
    assert "explained (known event)" in body and "Camden police" in body
    violations += wcag_violations(page)
    context.close()

    context, page = signed_in_page(chromium, url, "member", errors)
    page.goto(f"/signals/review?signal={SIGNAL}")
    assert "Vigil after the attack" in page.inner_text("body")
    assert page.locator("form.review-form").count() == 0
    refused = page.request.post("/signals/review", form={"signal": SIGNAL, "status": "closed",
                                                         "explanation": "not confirmed"})
    assert refused.status == 403
    page.reload()
    assert "closed" not in page.inner_text("table")
    context.close()
    changes = [json.loads(line) for line in (folder / "audit.log").read_text().splitlines()]
    assert [entry["user"] for entry in changes if entry["event"] == "review changed"] == ["chair"]
    assert violations == [], "\n  ".join(violations)
    assert errors == [], json.dumps(errors)[:2000]
