"""Export buttons deliver files: each chart's PNG, SVG and CSV buttons, the tables'
CSV downloads and the briefing pack (PDF and ZIP) each give a file of the kind they
promise, named for what it holds, with the numbers the page shows. No chart offers to
send itself to another host.

Exports are found on the page the way a user finds them: each chart's buttons carry
`data-export` with their format (components/charts.py), the pack links are the
"Briefing pack" links (exports/controls.py). Image exports are drawn on the server
(exports/rendering.py), so downloads are started together and then collected: the
server draws two at a time, and waiting for each in turn would double the run time.
"""

import contextlib
import csv
import io
import re
import struct
import zipfile
from pathlib import Path

import pytest

from components import ids
from exports.export_slots import EXPORTS_AT_ONCE, ExportSlots
from tests.browser.dashboard_page import draws_data, graph_ids_on_page, wait_for, wait_for_figure, wait_until_settled
from tests.browser.conftest import UI_TIMEOUT_MS
from tests.browser.expected import CAMDEN, DEFAULT_PERIOD, borough_summary, map_column, monthly_lines, strand_bars

pytestmark = pytest.mark.browser

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MIN_EXPORT_WIDTH_PX = 1000  # exports are drawn at 2x: sharp across an A4 page
DOWNLOAD_WAIT_S = 120       # a briefing pack draws eight images on a 2-core runner
CHART_FORMATS = {"png", "svg", "csv"}
PERIOD_IN_NAMES = f"{DEFAULT_PERIOD.start:%Y-%m}_to_{DEFAULT_PERIOD.end:%Y-%m}"
SYNTHETIC_LABEL = "Synthetic demo data"


def export_button(page, graph_id: str, file_format: str):
    # Dash writes a pattern id as JSON text in the id attribute.
    return page.locator(f"""[data-export="{file_format}"][id*='"chart":"{graph_id}"']""")


def start_and_collect(page, clicks: list) -> dict:
    """Click every control in `clicks` (label, locator), then wait for one download per
    click. Returns {label: (suggested file name, bytes)}, matched by the order they
    were started in when names cannot tell them apart."""
    downloads = []

    def collect(download):
        downloads.append(download)

    page.on("download", collect)
    try:
        for _label, locator in clicks:
            locator.click()
        wait_for(lambda: len(downloads), lambda count: count >= len(clicks), page=page, timeout_s=DOWNLOAD_WAIT_S,
                 what=f"{len(clicks)} downloads from {[label for label, _ in clicks]}")
    finally:
        page.remove_listener("download", collect)
    files = {}
    for label, _locator in clicks:
        extension = label.rsplit(".", 1)[-1]
        chart = label.rsplit(".", 1)[0]
        match = next((d for d in downloads if d.suggested_filename.endswith(f"{chart}.{extension}")), None) or \
            next(d for d in downloads if d.suggested_filename.endswith(f".{extension}"))
        downloads.remove(match)
        failure = match.failure()
        assert failure is None, f"the download for {label} failed: {failure}"
        files[label] = (match.suggested_filename, match.path().read_bytes())
    return files


def csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def png_width(data: bytes) -> int:
    return struct.unpack(">I", data[16:20])[0]


def test_every_chart_has_png_svg_and_csv_buttons_that_deliver_those_files(open_page, demo_cursor):
    page = open_page("/")
    wait_until_settled(page)
    charts = [ids.OVERVIEW_MAP, ids.OVERVIEW_STRANDS, ids.OVERVIEW_TREND]
    for graph_id in charts:
        wait_for_figure(page, graph_id, draws_data, what="data")
    for graph_id in graph_ids_on_page(page):
        offered = set(page.locator(f"""[data-export][id*='"chart":"{graph_id}"']""").evaluate_all(
            "buttons => buttons.map(button => button.dataset.export)"))
        assert offered == CHART_FORMATS, f"chart {graph_id} offers {offered}, not {CHART_FORMATS}"

    # One download per chart at a time (a second click on the same chart replaces the first).
    first = start_and_collect(page, [(f"{ids.OVERVIEW_MAP}.png", export_button(page, ids.OVERVIEW_MAP, "png")),
                                     (f"{ids.OVERVIEW_STRANDS}.svg", export_button(page, ids.OVERVIEW_STRANDS, "svg")),
                                     (f"{ids.OVERVIEW_TREND}.csv", export_button(page, ids.OVERVIEW_TREND, "csv"))])
    second = start_and_collect(page, [(f"{ids.OVERVIEW_MAP}.csv", export_button(page, ids.OVERVIEW_MAP, "csv")),
                                      (f"{ids.OVERVIEW_STRANDS}.csv", export_button(page, ids.OVERVIEW_STRANDS, "csv"))])
    files = {**first, **second}
    for label, (name, data) in files.items():
        assert data, f"{label}: the file {name} is empty"
        assert name.endswith("." + label.rsplit(".", 1)[-1]), f"{label}: delivered {name}"
        assert "london" in name and PERIOD_IN_NAMES in name, f"{label}: {name} does not say where and when"

    name, png = files[f"{ids.OVERVIEW_MAP}.png"]
    assert png.startswith(PNG_SIGNATURE), f"{name} is not a PNG"
    assert png_width(png) >= MIN_EXPORT_WIDTH_PX, f"{name} is only {png_width(png)} px wide"

    name, svg = files[f"{ids.OVERVIEW_STRANDS}.svg"]
    text = svg.decode("utf-8", errors="replace")
    assert "<svg" in text[:500], f"{name} is not an SVG"
    assert "Hate crime offences by strand" in text and SYNTHETIC_LABEL in text, \
        f"{name} lacks its title or the synthetic-data label"

    # The CSVs hold the numbers the charts draw, which are the queries' numbers.
    _name, trend_csv = files[f"{ids.OVERVIEW_TREND}.csv"]
    rows = csv_rows(trend_csv)
    london = monthly_lines(demo_cursor, in_period=DEFAULT_PERIOD, strands=["all"])["All hate crime"]
    all_column = next(column for column in rows[0] if column.startswith("All hate crime"))
    assert [int(row[all_column]) for row in rows] == london

    _name, map_csv = files[f"{ids.OVERVIEW_MAP}.csv"]
    rates = map_column(demo_cursor, in_period=DEFAULT_PERIOD, strand="all", column="rate_per_1000_per_year")
    shown = {row["GSS code"]: row for row in csv_rows(map_csv)}
    rate_column = next(column for column in next(iter(shown.values())) if column.startswith("Rate"))
    assert {code: float(shown[code][rate_column]) for code in rates} == rates
    assert shown["E09000001"][rate_column] == "", "the City of London must be 'no data', never zero"

    _name, bars_csv = files[f"{ids.OVERVIEW_STRANDS}.csv"]
    bars = strand_bars(demo_cursor, current=DEFAULT_PERIOD)
    current_column = next(column for column in csv_rows(bars_csv)[0] if column.startswith(DEFAULT_PERIOD.label))
    assert [int(row[current_column]) for row in csv_rows(bars_csv)] == list(bars.offences)


def test_the_briefing_pack_links_deliver_a_pdf_and_a_zip_for_the_borough(open_page):
    page = open_page("/borough/camden")
    page.get_by_role("heading", name="Camden: borough profile").wait_for()
    pdf_link = page.get_by_role("link", name=re.compile(r"Briefing pack \(PDF\)"))
    zip_link = page.get_by_role("link", name=re.compile(r"Briefing pack \(ZIP\)"))
    for link in (pdf_link, zip_link):
        wait_for(lambda: link.get_attribute("href"), lambda href: "area=camden" in href,
                 what="the pack link to point at Camden's pack", page=page)
    files = start_and_collect(page, [("briefing-pack.pdf", pdf_link), ("briefing-pack.zip", zip_link)])

    name, pdf = files["briefing-pack.pdf"]
    assert pdf.startswith(b"%PDF") and "camden" in name and PERIOD_IN_NAMES in name, name
    name, archive = files["briefing-pack.zip"]
    assert archive.startswith(b"PK") and "camden" in name, name
    with zipfile.ZipFile(io.BytesIO(archive)) as pack:
        assert pack.testzip() is None, f"{name} is corrupt"
        names = pack.namelist()
        assert any(n.endswith(".pdf") for n in names) and any(n.endswith(".csv") for n in names), names
        for member in names:
            assert pack.read(member), f"{name}: {member} is empty"


def test_a_pack_asked_while_the_server_is_busy_waits_its_turn_and_then_downloads(open_page, dashboard,
                                                                                  browser_record):
    browser_record.expect("503", "/export/briefing-pack.pdf")  # the answer that makes the page wait
    page = open_page("/borough/camden")
    page.get_by_role("heading", name="Camden: borough profile").wait_for()
    pdf_link = page.get_by_role("link", name=re.compile(r"Briefing pack \(PDF\)"))
    wait_for(lambda: pdf_link.get_attribute("href"), lambda href: "area=camden" in href,
             what="the pack link to point at Camden's pack", page=page)
    downloads = []
    page.on("download", lambda download: downloads.append(download))
    # Two other packs are being made on this machine: every slot is taken.
    slots = ExportSlots(dashboard.export_slots, EXPORTS_AT_ONCE, wait_seconds=0)
    with contextlib.ExitStack() as held:
        for _ in range(EXPORTS_AT_ONCE):
            held.enter_context(slots.slot())
        pdf_link.click()
        waiting = page.locator(".briefing-pack .pack-queue-status")
        waiting.filter(has_text="Yours is waiting its turn").wait_for(timeout=UI_TIMEOUT_MS)
        assert downloads == []
    wait_for(lambda: len(downloads), lambda count: count == 1, page=page, timeout_s=DOWNLOAD_WAIT_S,
             what="the waiting pack to download once a slot was free")
    assert downloads[0].failure() is None and downloads[0].suggested_filename.endswith("briefing-pack.pdf")
    assert Path(downloads[0].path()).read_bytes().startswith(b"%PDF")
    waiting.filter(has_text="has downloaded").wait_for(timeout=UI_TIMEOUT_MS)


def test_tables_download_their_numbers_as_csv(open_page, demo_cursor):
    page = open_page("/compare")
    wait_until_settled(page)
    link = page.get_by_role("button", name=re.compile(r"^Download data \(CSV\): The 32 boroughs compared"))
    files = start_and_collect(page, [("compare-boroughs.csv", link)])
    name, data = files["compare-boroughs.csv"]
    assert "london" in name and PERIOD_IN_NAMES in name, name
    summary = borough_summary(demo_cursor, in_period=DEFAULT_PERIOD, strand="all")
    rows = {row["Borough"]: row for row in csv_rows(data)}
    offences_column = next(column for column in next(iter(rows.values())) if column.startswith("Offences"))
    assert {borough: int(row[offences_column]) for borough, row in rows.items()} == \
        dict(zip(summary.name, summary.offences))

    page = open_page("/borough/camden")
    page.get_by_role("heading", name="Camden: borough profile").wait_for()
    export = page.get_by_role("button", name=re.compile(r"^Download data \(CSV\): The last 12 months"))
    files = start_and_collect(page, [("last-12-months.csv", export)])
    _name, data = files["last-12-months.csv"]
    rows = csv_rows(data)
    camden = monthly_lines(demo_cursor, in_period=DEFAULT_PERIOD, strands=["all"], gss_codes=[CAMDEN])
    all_column = next(column for column in rows[0] if column.startswith("All hate crime"))
    assert [int(row[all_column]) for row in rows] == camden["All hate crime"]


def modebar_button(page, graph_id: str, title_pattern: str):
    """The chart's toolbar button whose tooltip matches `title_pattern`, or None.
    The toolbar shows while the pointer is over the chart."""
    page.locator(f"#{graph_id}").hover()
    buttons = page.locator(f"#{graph_id} .modebar-btn")
    titles = buttons.evaluate_all("els => els.map(el => el.dataset.title || '')")
    matching = [index for index, title in enumerate(titles) if re.search(title_pattern, title, re.I)]
    return buttons.nth(matching[0]) if matching else None


def test_no_chart_has_plotlys_toolbar(open_page):
    # The toolbar added seven tab stops per chart, had 1.7:1 contrast icons, and its PNG
    # had no source line: the export buttons under each chart give the PNG with it.
    page = open_page("/")
    wait_until_settled(page)
    for graph_id in [ids.OVERVIEW_MAP, ids.OVERVIEW_STRANDS, ids.OVERVIEW_TREND]:
        wait_for_figure(page, graph_id, draws_data, what="data")
    for graph_id in graph_ids_on_page(page):
        assert modebar_button(page, graph_id, r".") is None, f"chart {graph_id} still has a toolbar"


def test_no_chart_offers_to_upload_itself_to_another_host(open_page):
    page = open_page("/")
    wait_until_settled(page)
    wait_for_figure(page, ids.OVERVIEW_STRANDS, draws_data, what="data")
    offering = [graph_id for graph_id in graph_ids_on_page(page)
                if modebar_button(page, graph_id, r"share|cloud|chart studio|edit in") is not None]
    assert offering == [], f"charts offering to send their data off the app's host: {offering}"
