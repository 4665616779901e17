"""The briefing pack: a nine-page PDF naming the borough, the period and the source, and a
ZIP of its charts (PNG, SVG) and numbers (CSV), served at /export/briefing-pack.*
with every query validated. Built on the known store (hand-counted offences)."""

import datetime as dt
import io
import json
import zipfile

import duckdb
import pandas as pd
import pikepdf
import pytest
from PIL import Image
from pypdf import PdfReader

from components import ids
from components.url_state import FilterState
from exports import rendering
from exports.briefing_pack import PDF_PAGES, build_briefing_pack, pack_context, render_pack_images
from exports.pack_documents import pack_pdf, pack_zip
from queries.periods import Period
from queries.store import open_for_writing
from queries.strand_summary import strand_period_comparison
from signin.visibility import Viewer
from tests.store_fixtures import CAMDEN, known_incidents, write_incident_dataset

STATE_2025 = FilterState(1, dt.date(2025, 1, 1), dt.date(2025, 12, 1), "all", ())
QUERY_2025 = "dataset=1&from=2025-01&to=2025-12&strand=all"
YEAR_2025 = Period(dt.date(2025, 1, 1), dt.date(2025, 12, 1))
SYNTHETIC = "Synthetic demo data, not real figures"
TODAY = dt.date(2026, 1, 5)
CHART_NAMES = ["strand-bars-rolling-12-months", "borough-map", "monthly-trend", "against-london",
               "strand-combinations", "offence-types"]
PREFIX = "hate-crime_camden_all-strands_2025-01_to_2025-12_"
LEAKS = ("Traceback", "duckdb", "SELECT", 'File "')

needs_chromium = pytest.mark.skipif(
    rendering.find_chromium() is None,
    reason="no Chromium at /usr/bin/chromium or BROWSER_PATH (apt-get install chromium)")


def pdf_pages(pdf: bytes) -> list[str]:
    """Each page's text, with runs of whitespace (line wraps) as single spaces."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def images_drawn(pdf: bytes) -> list[int]:
    """How many images each page draws (its content stream's Do of an image XObject;
    the pages share one resource dictionary, which lists every image)."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return [sum(1 for operands, _ in pikepdf.parse_content_stream(page, "Do")
                    if page.Resources.XObject[operands[0]].get("/Subtype") == "/Image")
                for page in document.pages]


# The real-source fixture is incident-level and not synthetic: only a signed-in viewer sees it.
SIGNED_IN = Viewer("analyst")


@pytest.fixture(scope="module")
def camden_pack(known_store_path):
    """The Camden pack for 2025, with its chart images, its PDF and its ZIP, built once."""
    con = duckdb.connect(str(known_store_path), read_only=True)
    cursor = con.cursor()
    pack = build_briefing_pack(cursor, pack_context(cursor, STATE_2025), "camden", today=TODAY)
    images = render_pack_images(pack)
    pdf = pack_pdf(pack, images)
    yield pack, images, pdf, pack_zip(pack, images, pdf)
    con.close()


@pytest.fixture(scope="module")
def real_source_store(tmp_path_factory):
    """The known offences as a dataset that is not synthetic, with a source to cite."""
    path = tmp_path_factory.mktemp("real") / "real.duckdb"
    con = open_for_writing(path)
    write_incident_dataset(con, known_incidents(), name="Known real incidents", is_synthetic=False)
    con.close()
    return path


@pytest.fixture(scope="module")
def pack_client(app):
    return app.server.test_client()


# ---- the PDF --------------------------------------------------------------------------

def test_pdf_has_nine_pages_naming_the_borough_period_and_source_line(camden_pack):
    _pack, _images, pdf, _archive = camden_pack
    pages = pdf_pages(pdf)
    assert len(pages) == len(PDF_PAGES) == 9
    title = pages[0]
    assert "Hate crime briefing pack" in title and "Camden" in title
    assert "Jan 2025 to Dec 2025 (12 months)" in title
    assert f"{SYNTHETIC}. Data to December 2025." in title
    assert "Generated on 05 January 2026" in title
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of 9" in text and "Camden, Jan 2025 to Dec 2025" in text and SYNTHETIC in text


def test_pdf_pages_hold_headlines_map_trend_comparison_and_caveats_in_order(camden_pack):
    pages = pdf_pages(camden_pack[2])
    assert "Headline figures: Camden" in pages[1]
    assert "Rolling 12 months to Dec 2025 against the 12 months before, by strand" in pages[1]
    assert "4 offences" in pages[1] and "+100.0%" in pages[1]  # 4 in 2025 against 2 in 2024
    assert "Rate per 1,000 residents per year by borough, Jan 2025 to Dec 2025" in pages[2]
    assert "Monthly trend, with events: Camden, Jan 2025 to Dec 2025" in pages[3]
    assert "Camden against London and Inner London" in pages[4]
    assert "Rank among the 32 boroughs by rate" in pages[4]
    assert "What stands out: Camden" in pages[5]
    assert "What the incident data shows: Camden" in pages[6]
    assert "Offences aimed at more than one identity: Camden, Jan 2025 to Dec 2025" in pages[6]
    assert "Offence types within each strand: Camden, Jan 2025 to Dec 2025" in pages[6]
    assert "Beyond police data: Camden" in pages[7] and "No partner reports loaded." in pages[7]
    assert "Read before drawing conclusions" in pages[8] and "Sources" in pages[8]
    assert "CONNECT" in pages[8] and "Ordnance Survey" in pages[8]


@needs_chromium
def test_pdf_chart_pages_carry_the_chart_images(camden_pack):
    _pack, images, pdf, _archive = camden_pack
    assert images.problem is None
    drawn = images_drawn(pdf)
    assert [drawn[index] for index in (1, 2, 3, 4, 5, 6)] == [1, 1, 1, 1, 0, 2]


def test_pdf_of_a_real_dataset_cites_its_source_and_has_no_synthetic_label(real_source_store, monkeypatch):
    monkeypatch.setenv(rendering.BROWSER_PATH_VARIABLE, "/nonexistent/chromium")  # fast: no images
    con = duckdb.connect(str(real_source_store), read_only=True)
    cursor = con.cursor()
    pack = build_briefing_pack(cursor, pack_context(cursor, STATE_2025, SIGNED_IN), "camden", today=TODAY)
    pages = pdf_pages(pack_pdf(pack, render_pack_images(pack)))
    con.close()
    assert len(pages) == 9
    assert "Source: Test fixture. Data to December 2025." in pages[0]
    assert SYNTHETIC not in " ".join(pages)


def test_london_pack_has_the_same_nine_pages(known_store_path, monkeypatch):
    monkeypatch.setenv(rendering.BROWSER_PATH_VARIABLE, "/nonexistent/chromium")
    con = duckdb.connect(str(known_store_path), read_only=True)
    cursor = con.cursor()
    pack = build_briefing_pack(cursor, pack_context(cursor, STATE_2025), "london", today=TODAY)
    pages = pdf_pages(pack_pdf(pack, render_pack_images(pack)))
    con.close()
    assert len(pages) == 9
    assert "London" in pages[0] and "Headline figures: London" in pages[1]
    assert "10 offences" in pages[1]  # 10 distinct offences in London in 2025
    assert "Inner and outer London against London" in pages[4]


def test_a_section_too_long_for_its_page_is_shrunk_onto_it(known_store_path, monkeypatch):
    """Eighty events under the trend: the page shrinks to hold them, the pack keeps its
    eight pages and the last event is on page 4."""
    monkeypatch.setenv(rendering.BROWSER_PATH_VARIABLE, "/nonexistent/chromium")
    con = duckdb.connect(str(known_store_path), read_only=True)
    cursor = con.cursor()
    pack = build_briefing_pack(cursor, pack_context(cursor, STATE_2025), "camden", today=TODAY)
    con.close()
    pack.events = pd.DataFrame({"start_date": pd.date_range("2025-01-01", periods=80, freq="4D"),
                                "end_date": [pd.NaT] * 80, "label": [f"Event number {n}" for n in range(1, 81)]})
    pages = pdf_pages(pack_pdf(pack, render_pack_images(pack)))
    assert len(pages) == len(PDF_PAGES)
    assert "Event number 1 " in pages[3] and "Event number 80" in pages[3]
    assert "What stands out: Camden" in pages[5]


# ---- the ZIP --------------------------------------------------------------------------

def test_zip_holds_the_pdf_each_charts_png_and_svg_and_each_tables_csv(camden_pack):
    _pack, images, pdf, archive = camden_pack
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        names = set(opened.namelist())
        assert opened.read(f"{PREFIX}briefing-pack.pdf") == pdf
        for chart in CHART_NAMES:
            assert f"data/{PREFIX}{chart}.csv" in names
            if images.problem is None:
                assert f"charts/{PREFIX}{chart}.png" in names and f"charts/{PREFIX}{chart}.svg" in names
                with Image.open(io.BytesIO(opened.read(f"charts/{PREFIX}{chart}.png"))) as image:
                    assert image.size[0] >= 1600  # 2x
        for table in ["headline-figures", "rolling-12-months-by-strand", "ranks-by-rate"]:
            assert f"data/{PREFIX}{table}.csv" in names
        assert "README.txt" in names and SYNTHETIC in opened.read("README.txt").decode()


def test_zip_rolling_table_csv_equals_the_query(camden_pack, known_cursor):
    with zipfile.ZipFile(io.BytesIO(camden_pack[3])) as opened:
        table = pd.read_csv(opened.open(f"data/{PREFIX}rolling-12-months-by-strand.csv"))
    expected = strand_period_comparison(
        known_cursor, dataset_id=1, current=YEAR_2025, previous=YEAR_2025.previous(),
        strands=["all", "race", "religion", "antisemitic", "islamophobic", "sexual_orientation", "transgender",
                 "disability"], gss_codes=[CAMDEN])
    assert table["Rolling 12 months, Jan 2025 to Dec 2025 (offences)"].tolist() == expected.offences.tolist()
    assert table["Previous 12 months, Jan 2024 to Dec 2024 (offences)"].tolist() == expected.previous_offences.tolist()
    assert table.Strand.iloc[0] == "All hate crime (distinct offences)"


def test_zip_trend_csv_equals_the_monthly_query(camden_pack, known_cursor):
    from queries.time_series import monthly_offences

    with zipfile.ZipFile(io.BytesIO(camden_pack[3])) as opened:
        table = pd.read_csv(opened.open(f"data/{PREFIX}monthly-trend.csv"))
    expected = monthly_offences(known_cursor, dataset_id=1, period=YEAR_2025, strands=["all"], gss_codes=[CAMDEN])
    assert table["All hate crime: Offences per month"].tolist() == expected.offences.tolist()


# ---- the route ------------------------------------------------------------------------

@needs_chromium
def test_pack_route_serves_a_named_pdf_with_chart_images(pack_client):
    response = pack_client.get(f"/export/briefing-pack.pdf?{QUERY_2025}&area=camden")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{PREFIX}briefing-pack.pdf"'
    assert "X-Chart-Images" not in response.headers
    assert len(pdf_pages(response.data)) == len(PDF_PAGES)


def test_without_chromium_the_pack_is_still_made_and_says_why_it_has_no_charts(pack_client, monkeypatch):
    monkeypatch.setenv(rendering.BROWSER_PATH_VARIABLE, "/nonexistent/chromium")
    response = pack_client.get(f"/export/briefing-pack.zip?{QUERY_2025}&area=camden")
    assert response.status_code == 200 and response.headers["X-Chart-Images"] == "missing"
    with zipfile.ZipFile(io.BytesIO(response.data)) as opened:
        names = opened.namelist()
        assert not [name for name in names if name.endswith((".png", ".svg"))]
        # 6 charts' numbers (4, and the incident page's 2); headline figures, rolling 12 months, ranks,
        # months above the expected range (none here; the known store's data start in 2024, too late
        # to judge its changes)
        assert len([name for name in names if name.endswith(".csv")]) == 10
        assert "no Chromium was found" in opened.read("README.txt").decode()
        pages = pdf_pages(opened.read(f"{PREFIX}briefing-pack.pdf"))
    assert len(pages) == len(PDF_PAGES)
    assert "Charts are not drawn in this pack" in pages[0] and "apt-get install chromium" in pages[0]
    assert "Chart not drawn" in pages[2] and "City of London" in pages[2]


@pytest.mark.parametrize(("query", "sentence"), [
    (QUERY_2025, "Say which area the pack is for"),
    (f"{QUERY_2025}&area=atlantis", "There is no London borough with Met data called 'atlantis'"),
    (f"{QUERY_2025}&area=../../etc/passwd", "There is no London borough"),
    ("dataset=abc&area=camden", "no dataset 'abc'"),
    ("from=9999-99&to=2025-12&area=camden", "is not a month"),
    ("from=2025-12&to=2025-01&area=camden", "starts (Dec 2025) after it ends"),
    ("strand=is_race%20OR%201=1&area=camden", "There is no strand called"),
    ("area=camden&borough=hackney", "'borough' is not one of them"),
    ("area=camden&x=" + "a" * 400, "too long"),
])
def test_crafted_pack_requests_get_400_and_a_sentence(pack_client, query, sentence):
    response = pack_client.get(f"/export/briefing-pack.pdf?{query}")
    text = response.get_data(as_text=True)
    assert response.status_code == 400 and response.mimetype == "text/plain"
    assert sentence in text, text
    for leak in LEAKS:
        assert leak not in text


def test_pack_route_takes_get_only(pack_client):
    assert pack_client.post(f"/export/briefing-pack.pdf?{QUERY_2025}&area=camden").status_code == 405


# ---- the buttons ----------------------------------------------------------------------

def pack_links(client, page: str, area):
    dependency = next(d for d in client.get("/_dash-dependencies").get_json()
                      if f'"type":"{ids.PACK_LINK}"' in d["output"])
    link = lambda fmt: {"format": fmt, "page": page, "type": ids.PACK_LINK}  # noqa: E731
    payload = {
        "output": dependency["output"],
        "outputs": [[{"id": link("pdf"), "property": "href"}, {"id": link("zip"), "property": "href"}],
                    [{"id": link("pdf"), "property": "className"}, {"id": link("zip"), "property": "className"}],
                    {"id": {"page": page, "type": ids.PACK_NOTE}, "property": "children"}],
        "inputs": [{"id": ids.FILTER_STATE, "property": "data",
                    "value": {"dataset_id": 1, "start": "2025-01", "end": "2025-12", "strand": "race",
                              "boroughs": ["hackney"]}},
                   {"id": {"page": page, "type": ids.PACK_AREA}, "property": "data", "value": area}],
        "state": [],
        "changedPropIds": [f"{ids.FILTER_STATE}.data"],
    }
    response = client.post("/_dash-update-component", data=json.dumps(payload), content_type="application/json")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    outputs = {json.loads(key)["type"] + json.loads(key).get("format", ""): value
               for key, value in response.get_json()["response"].items()}
    return outputs


def test_pack_links_carry_the_filters_and_the_pages_area(pack_client):
    outputs = pack_links(pack_client, "borough", "camden")
    assert outputs[f"{ids.PACK_LINK}pdf"]["href"] == \
        "/export/briefing-pack.pdf?dataset=1&from=2025-01&to=2025-12&strand=race&area=camden"
    assert outputs[f"{ids.PACK_LINK}zip"]["href"].startswith("/export/briefing-pack.zip?")
    assert pack_links(pack_client, "overview", "london")[f"{ids.PACK_LINK}pdf"]["href"].endswith("&area=london")


def test_no_pack_link_until_a_borough_is_chosen(pack_client):
    outputs = pack_links(pack_client, "borough", "choose")
    assert outputs[f"{ids.PACK_LINK}pdf"]["href"] is None
    assert "disabled" in outputs[f"{ids.PACK_LINK}pdf"]["className"]
    assert outputs[ids.PACK_NOTE]["children"] == "Choose a borough to make its briefing pack."


def test_without_chromium_the_page_says_what_the_pack_will_hold(pack_client, monkeypatch):
    monkeypatch.setenv(rendering.BROWSER_PATH_VARIABLE, "/nonexistent/chromium")
    note = pack_links(pack_client, "borough", "camden")[ids.PACK_NOTE]["children"]
    assert "no Chromium was found" in note and "without chart images" in note
