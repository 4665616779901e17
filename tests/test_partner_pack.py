"""The briefing pack's "Beyond police data" page and files: each partner panel from the
dashboard's definition, the same-period table, and the numbers the partner's file gave."""

import datetime as dt
import io
import zipfile

import duckdb
import pandas as pd
import pytest
from pypdf import PdfReader

from components.url_state import FilterState
from exports.briefing_pack import PDF_PAGES, PackImages, build_briefing_pack, pack_context
from exports.pack_documents import pack_pdf, pack_zip
from exports.pack_slides import pack_pptx
from tests.partner_fixtures import GOOD_ROWS, demo_store_with_partners

NO_IMAGES = PackImages(problem="not drawn in this test")


@pytest.fixture(scope="module")
def barnet_pack(demo_store_path, tmp_path_factory):
    folder = tmp_path_factory.mktemp("partner-pack")
    store = demo_store_with_partners(demo_store_path, folder)
    con = duckdb.connect(str(store), read_only=True)
    cursor = con.cursor()
    state = FilterState(1, dt.date(2023, 1, 1), dt.date(2023, 12, 1), "all")
    pack = build_briefing_pack(cursor, pack_context(cursor, state), "barnet", today=dt.date(2024, 1, 5))
    pdf = pack_pdf(pack, NO_IMAGES)
    yield pack, pdf, pack_zip(pack, NO_IMAGES, pdf)
    con.close()


def test_the_pack_has_a_page_of_its_own_for_partner_reports(barnet_pack):
    pack, pdf, _ = barnet_pack
    pages = [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) == len(PDF_PAGES)
    page = pages[PDF_PAGES.index("Beyond police data")]
    assert "Beyond police data: Barnet" in page
    assert "Overlaps police figures: includes police reports" in page
    assert "Police and partners, same period: Barnet, Jan 2023 to Dec 2023" in page
    assert "Direction matters more than level" in page
    assert "Not covered (not zero):" in page and "Tell MAMA: reports for London only." in page


def test_the_zip_holds_each_panels_numbers_as_the_file_gave_them(barnet_pack):
    pack, _, archive = barnet_pack
    names = zipfile.ZipFile(io.BytesIO(archive)).namelist()
    [panel_csv] = [name for name in names if "partner-reports-cst" in name and name.endswith(".csv")]
    frame = pd.read_csv(io.BytesIO(zipfile.ZipFile(io.BytesIO(archive)).read(panel_csv)))
    counts = frame["Count (as the partner published it)"]
    in_file = [row[9] for row in GOOD_ROWS if row[5] in ("Barnet", "E09000003")]
    assert counts.fillna(-1).astype(int).tolist() == [int(value) if value else -1 for value in in_file]
    assert any("police-and-partners-same-period" in name for name in names)


def test_the_slides_carry_the_partner_panels_and_the_same_period_table(barnet_pack):
    from pptx import Presentation

    pack, _, _ = barnet_pack
    deck = Presentation(io.BytesIO(pack_pptx(pack, NO_IMAGES)))
    titles = [slide.shapes.title.text for slide in deck.slides if slide.shapes.title is not None]
    assert any(title.endswith("not police-recorded crime; not added to it") for title in titles)
    assert any(title.startswith("Police and partners, same period") for title in titles)
