"""Everything works from the keyboard alone (WCAG 2.1.1, 2.1.2, 2.4.1): Tab walks through
every page and out of it without being trapped, reaching every borough link on Compare;
the skip link goes to the main content; a borough profile is opened and its numbers
downloaded as CSV with Tab and Enter only."""

import csv
import io
import re

import pytest

from components import ids
from tests.browser.accessibility import focused, tab_through, tab_to
from tests.browser.dashboard_page import draws_data, graph_ids_on_page, wait_for, wait_for_figure, wait_until_settled
from tests.browser.expected import CAMDEN, DEFAULT_PERIOD, monthly_lines

pytestmark = pytest.mark.browser

PAGES = {"overview": "/", "borough profile": "/borough/camden", "trends": "/trends", "compare": "/compare",
         "what stands out": "/stands-out", "about": "/about"}
BOROUGHS_WITH_MET_DATA = 32


def settled(page) -> None:
    wait_until_settled(page)
    for graph_id in graph_ids_on_page(page):
        wait_for_figure(page, graph_id, draws_data, what="data")


@pytest.mark.parametrize("name", PAGES)
def test_tab_walks_through_every_page_and_out_without_a_trap(open_page, name):
    page = open_page(PAGES[name])
    settled(page)
    stops = tab_through(page)
    assert stops[0]["text"] == "Skip to main content", f"the first Tab stop is {stops[0]}, not the skip link"
    named = [stop for stop in stops if not stop["text"]]
    assert not named, f"Tab stops with no name on {name}: {named[:5]}"
    if name == "compare":
        profiles = {stop["href"].split("?")[0] for stop in stops
                    if stop["href"].startswith("/borough/") and not stop["href"].startswith("/borough/choose")}
        assert len(profiles) == BOROUGHS_WITH_MET_DATA, f"Tab reached {len(profiles)} borough links, not 32"
        sort_buttons = [stop for stop in stops if '"type":"table-sort"' in stop["id"]]
        assert len(sort_buttons) == 11, sort_buttons  # nine columns, the verdict and the positive outcome rate


def test_the_skip_link_moves_focus_to_the_main_content(open_page):
    page = open_page("/compare")
    settled(page)
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to main content"
    page.keyboard.press("Enter")
    wait_for(lambda: page.evaluate("() => document.activeElement.id"), lambda active: active == ids.MAIN,
             what="focus on the main content", page=page)
    page.keyboard.press("Tab")
    inside = page.evaluate(f"() => document.getElementById('{ids.MAIN}').contains(document.activeElement)")
    assert inside, "the Tab after the skip link left the main content"


def test_a_table_heading_sorts_by_enter_and_says_so(open_page):
    page = open_page("/compare")
    settled(page)
    tab_to(page, lambda stop: stop["text"].startswith("Offences, "), what="the period's offences heading")
    page.keyboard.press("Enter")
    heading = page.locator(f"#{ids.COMPARE_DATATABLE} th").nth(3)
    wait_for(lambda: heading.get_attribute("aria-sort"), lambda sort: sort == "ascending",
             what="the offences heading to say it sorts ascending", page=page)
    page.keyboard.press("Enter")
    wait_for(lambda: heading.get_attribute("aria-sort"), lambda sort: sort == "descending",
             what="a second Enter to reverse the sort", page=page)
    assert focused(page)["text"].startswith("Offences, "), "sorting took focus off the heading"
    offences = page.locator(f"#{ids.COMPARE_DATATABLE} tbody tr > :nth-child(4)").all_inner_texts()
    numbers = [int(text.replace(",", "")) for text in offences]
    assert numbers == sorted(numbers, reverse=True)


def test_a_borough_profile_is_opened_and_its_numbers_downloaded_by_keyboard_alone(open_page, demo_cursor):
    page = open_page("/compare")
    settled(page)
    tab_to(page, lambda stop: stop["href"].startswith("/borough/camden"), what="Camden's link in the table")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/borough/camden\?"))
    page.get_by_role("heading", name="Camden: borough profile").wait_for()
    settled(page)
    tab_to(page, lambda stop: stop["text"].startswith("Download data (CSV): The last 12 months"),
           what="the last 12 months' CSV link")
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename == \
        f"hate-crime_camden_all-strands_{DEFAULT_PERIOD.start:%Y-%m}_to_{DEFAULT_PERIOD.end:%Y-%m}_last-12-months.csv"
    rows = list(csv.DictReader(io.StringIO(download.path().read_text(encoding="utf-8-sig"))))
    camden = monthly_lines(demo_cursor, in_period=DEFAULT_PERIOD, strands=["all"], gss_codes=[CAMDEN])
    assert [int(row["All hate crime (offences)"]) for row in rows] == camden["All hate crime"]


def test_a_sorted_table_keeps_its_links_marks_and_sort_values(open_page):
    """Compare's rows as drawn: each headed by its borough's link, numbers right-aligned with
    their raw sort value, chosen boroughs emphasised, before a sort (assets/keyboard_tables.js)
    and after."""
    page = open_page("/compare?borough=camden,hackney")
    settled(page)
    table = f"#{ids.COMPARE_DATATABLE}"

    def drawn():
        return page.evaluate(f"""() => Array.from(document.querySelectorAll('{table} tbody tr')).map(row => ({{
            marked: row.className.includes('table-warning'),
            head: row.cells[0].tagName + ':' + row.cells[0].getAttribute('scope'),
            link: (row.cells[0].querySelector('a') || {{}}).getAttribute?.('href') || null,
            name: row.cells[0].innerText.trim(),
            offences: row.cells[3].innerText, offencesSort: row.cells[3].getAttribute('data-sort'),
            offencesClass: row.cells[3].className}}))""")

    rows = wait_for(drawn, lambda rows: len(rows) == BOROUGHS_WITH_MET_DATA, what="32 rows drawn", page=page)
    assert all(row["head"] == "TH:row" for row in rows)
    assert all(row["link"] and row["link"].startswith("/borough/") for row in rows)
    assert {row["name"] for row in rows if row["marked"]} == {"Camden", "Hackney"}
    assert all(int(row["offences"].replace(",", "")) == int(row["offencesSort"]) for row in rows)
    assert all(row["offencesClass"] == "text-end" for row in rows)
    tab_to(page, lambda stop: stop["text"].startswith("Offences, "), what="the period's offences heading")
    page.keyboard.press("Enter")
    sorted_rows = wait_for(drawn, lambda now: [int(r["offencesSort"]) for r in now]
                           == sorted(int(r["offencesSort"]) for r in now), what="rows in offence order", page=page)
    assert {row["name"] for row in sorted_rows if row["marked"]} == {"Camden", "Hackney"}
    assert sorted(map(str, sorted_rows), key=str) == sorted(map(str, rows), key=str)
