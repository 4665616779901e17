"""Sign-in in a real browser: with DASHBOARD_SIGN_IN=accounts, a signed-out visitor is
never offered the incident extract (only told that one is hidden), a signed-in user
can open it, and signing out hides it again. The pages stay free of console errors
(the Content-Security-Policy blocks nothing the app needs).

This test runs its own server (sign-in on, a store with a real-looking extract beside
the demo), so it records its own page's console instead of the suite's shared record."""

import shutil

import pytest

from queries.store import open_for_writing
from signin import accounts
from tests.browser.conftest import UI_TIMEOUT_MS, serving
from tests.browser.dashboard_page import choose, open_dropdown, wait_until_settled
from tests.store_fixtures import known_incidents, write_incident_dataset

pytestmark = pytest.mark.browser
EXTRACT = "Partnership extract 2025"
USER, PASSWORD = "analyst", "a long enough password"


@pytest.fixture(scope="module")
def signin_server(demo_store_path, tmp_path_factory):
    folder = tmp_path_factory.mktemp("signin-server")
    store = folder / "store.duckdb"
    shutil.copy(demo_store_path, store)
    con = open_for_writing(store)
    write_incident_dataset(con, known_incidents(), name=EXTRACT, is_synthetic=False)
    con.close()
    accounts.add_user(folder / "accounts.sqlite", USER, PASSWORD)
    with serving(store, folder, DASHBOARD_SIGN_IN="accounts", DASHBOARD_SECRET_KEY="k" * 40,
                 DASHBOARD_ACCOUNTS=str(folder / "accounts.sqlite"),
                 DASHBOARD_AUDIT_LOG=str(folder / "audit.log")) as url:
        yield url, folder


def dataset_labels(page) -> list[str]:
    menu = open_dropdown(page, "filter-dataset")
    labels = [text.strip() for text in menu.locator(".dash-dropdown-option").all_inner_texts()]
    page.keyboard.press("Escape")
    return labels


def test_signing_in_shows_the_extract_and_signing_out_hides_it(chromium, signin_server):
    url, folder = signin_server
    context = chromium.new_context(base_url=url)
    context.set_default_timeout(UI_TIMEOUT_MS)
    errors = []
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/")
    wait_until_settled(page)
    assert not any(EXTRACT in label for label in dataset_labels(page))
    assert "1 incident-level dataset is not shown" in page.inner_text("body")

    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("User name").fill(USER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    wait_until_settled(page)
    assert f"Signed in as {USER}" in page.inner_text("body")
    assert any(EXTRACT in label for label in dataset_labels(page))
    assert '"event": "signed in"' in (folder / "audit.log").read_text()
    choose(page, "filter-dataset", "2")  # the demo is dataset 1; the extract was loaded second
    page.wait_for_function(f"() => document.body.innerText.includes('Dataset: {EXTRACT}')")

    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign out").click()
    wait_until_settled(page)
    assert not any(EXTRACT in label for label in dataset_labels(page))
    assert errors == []
    context.close()
