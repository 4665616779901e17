"""The pages on published data (the Met's wide file joined to a current release, as a
partnership loads them) pass axe-core's WCAG 2.2 AA rules too, and draw without a console
error: their notices, caveats, outcome tables and the CONNECT line are content the demo
store never shows. A server of its own serves that store."""

import json

import duckdb
import pytest

from queries.datasets import loaded_datasets
from tests.browser.accessibility import wcag_violations
from tests.browser.conftest import UI_TIMEOUT_MS, serving
from tests.browser.dashboard_page import wait_until_settled
from tests.load_fixtures import run_cli, write_long, write_wide
from tests.test_mps_current_release import release_rows

pytestmark = pytest.mark.browser
COMBINED = "MPS published hate crime, releases combined"
PAGES = ["/", "/borough/camden", "/trends", "/compare", "/stands-out", "/about"]


@pytest.fixture(scope="module")
def published_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("published-server")
    store = folder / "store.duckdb"
    assert run_cli(store, "load-mps-wide", str(write_wide(folder / "wide.csv"))) == 0
    assert run_cli(store, "load-mps-long", str(write_long(folder / "current.csv", release_rows()))) == 0
    connection = duckdb.connect(str(store), read_only=True)
    datasets = loaded_datasets(connection)
    connection.close()
    combined = int(datasets[datasets.name == COMBINED].dataset_id.iloc[0])
    with serving(store, folder) as url:
        yield url, combined


@pytest.mark.parametrize("path", PAGES)
def test_published_data_pages_have_no_wcag_22_aa_violation_and_no_console_error(chromium, published_server, path):
    url, combined = published_server
    context = chromium.new_context(base_url=url)
    context.set_default_timeout(UI_TIMEOUT_MS)
    errors = []
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{path}?dataset={combined}&from=2021-01&to=2024-03&strand=all")
    wait_until_settled(page)
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')")
    assert "Published monthly counts" in page.inner_text("body")
    violations = wcag_violations(page)
    context.close()
    assert violations == [], f"{path}: " + "\n  ".join(violations)
    assert errors == [], json.dumps(errors)[:2000]
