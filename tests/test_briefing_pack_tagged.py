"""The briefing pack's PDF is tagged for accessibility (PDF/UA-1), read back from the
file itself: its structure tree (pikepdf) and the text of each tagged piece of content
(pypdf's text extraction, following the marked-content operators).

Marked and tagged; language en-GB; the title in the metadata and shown as the window's
title; headings H1 and H2 in reading order, each page opening with its H1; every Figure
with alternative text, the chart's finding and what it shows; tables as Table, TR, TH
and TD, the header cells naming the columns; every piece of content either in the tree
or an artifact (the footers), in the order the page draws it."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from dataclasses import dataclass, field

import duckdb
import pikepdf
import pytest
from pypdf import PdfReader

from components.url_state import FilterState
from exports import rendering
from exports.briefing_pack import (INCIDENT_CHART_KEYS, PDF_PAGES, STANDS_OUT_CHANGES, build_briefing_pack,
                                   events_table, pack_context, render_pack_images)
from exports.pack_documents import pack_pdf
from exports.pack_html import PARTNER_PANELS_ON_PAGE
from exports.pack_words import chart_alt_text, headline_table

STATE_2025 = FilterState(1, dt.date(2025, 1, 1), dt.date(2025, 12, 1), "all", ())
TODAY = dt.date(2026, 1, 5)

needs_chromium = pytest.mark.skipif(
    rendering.find_chromium() is None,
    reason="no Chromium at /usr/bin/chromium or BROWSER_PATH (apt-get install chromium)")


@dataclass
class Element:
    """A structure element: its type, page, the text of its content (its own and its
    descendants', in tree order) and its children."""

    tag: str
    page: int | None
    alt: str | None = None
    attributes: dict = field(default_factory=dict)
    kids: list[Element] = field(default_factory=list)
    mcids: list[tuple[int, int]] = field(default_factory=list)  # (page, MCID) in tree order, descendants' too
    text: str = ""

    def find(self, tag: str) -> list[Element]:
        found = [self] if self.tag == tag else []
        for kid in self.kids:
            found += kid.find(tag)
        return found


def marked_text(pdf: bytes) -> dict[tuple[int, int], str]:
    """The text drawn inside each marked-content sequence, by (page, MCID)."""
    texts: dict[tuple[int, int], str] = {}
    for index, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        open_mcids: list[int | None] = []

        def before(operator, operands, cm, tm):
            if operator == b"BDC":
                properties = operands[1] if len(operands) > 1 else {}
                open_mcids.append(properties.get("/MCID") if hasattr(properties, "get") else None)
            elif operator == b"BMC":
                open_mcids.append(None)
            elif operator == b"EMC" and open_mcids:
                open_mcids.pop()

        def text(chunk, cm, tm, font, size):
            mcid = next((mcid for mcid in reversed(open_mcids) if mcid is not None), None)
            if chunk.strip() and mcid is not None:
                key = (index, int(mcid))
                texts[key] = (texts.get(key, "") + " " + chunk).strip()

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts


def structure(pdf: bytes) -> tuple[pikepdf.Pdf, Element]:
    """The document (its catalog is .Root), and the structure tree under StructTreeRoot."""
    texts = marked_text(pdf)
    document = pikepdf.open(io.BytesIO(pdf))
    pages = {page.obj.objgen: index for index, page in enumerate(document.pages)}

    def element(node, page) -> Element:
        page = pages.get(node.Pg.objgen, page) if "/Pg" in node else page
        attributes = {}
        for attribute in node.get("/A", []) if isinstance(node.get("/A"), pikepdf.Array) else [node.get("/A")]:
            if isinstance(attribute, pikepdf.Dictionary):
                attributes.update({str(key): attribute[key] for key in attribute.keys()})
        made = Element(str(node.S).lstrip("/"), page, str(node.Alt) if "/Alt" in node else None, attributes)
        kids = node.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]):
            if isinstance(kid, int):
                made.mcids.append((page, int(kid)))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                made.mcids.append((pages.get(kid.Pg.objgen, page) if "/Pg" in kid else page, int(kid.MCID)))
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                child = element(kid, page)
                made.kids.append(child)
                made.mcids += child.mcids
        made.text = " ".join(" ".join(texts.get(key, "") for key in made.mcids).split())
        return made

    root = document.Root.StructTreeRoot
    tops = root.K if isinstance(root.K, pikepdf.Array) else [root.K]
    tree = Element("StructTreeRoot", None, kids=[element(kid, None) for kid in tops])
    for kid in tree.kids:
        tree.mcids += kid.mcids
    return document, tree


def headings(tree: Element) -> list[tuple[str, str, int]]:
    """(H1 or H2, its text, its page) in reading order."""
    found = []

    def walk(node):
        if node.tag in ("H1", "H2"):
            found.append((node.tag, node.text, node.page))
        for kid in node.kids:
            walk(kid)

    walk(tree)
    return found


def expected_headings(pack) -> list[tuple[str, str, int]]:
    """The headings each page of the pack has, from the pack's own words."""
    charts, stands_out = pack.charts, pack.stands_out
    events = [("H2", "Events marked on the trend", 3)] if pack.events is not None and not pack.events.empty else []
    return [("H1", pack.area_name, 0), ("H2", "Contents", 0),
            ("H1", f"Headline figures: {pack.area_name}", 1), ("H2", pack.rolling.heading, 1),
            ("H1", charts["map"].heading, 2),
            ("H1", charts["trend"].heading, 3), *events,
            ("H1", charts["comparison"].heading, 4), *[("H2", table.heading, 4) for table in pack.tables],
            ("H1", f"What stands out: {pack.area_name}", 5), ("H2", stands_out.months_heading, 5),
            ("H2", stands_out.changes_heading, 5),
            ("H1", f"What the incident data shows: {pack.area_name}", 6),
            *[("H2", charts[key].heading, 6) for key in INCIDENT_CHART_KEYS if key in charts],
            ("H1", f"Beyond police data: {pack.area_name}", 7), *partner_headings(pack, 7),
            ("H1", "Read before drawing conclusions", 8), ("H1", "Sources", 8)]


def partner_headings(pack, page: int) -> list[tuple[str, str, int]]:
    """The partners page's panels (a heading each, their overlap badge) and its table."""
    partners = pack.partners
    if partners is None or not partners.loaded:
        return []
    panels = [("H2", partners.badges[key], page) for key in partners.chart_keys[:PARTNER_PANELS_ON_PAGE]]
    return panels + ([("H2", partners.table.heading, page)] if partners.table.message is None else [])


@pytest.fixture(scope="module")
def camden(known_store_path):
    """The Camden pack for 2025 (incident data), with chart images where Chromium is."""
    con = duckdb.connect(str(known_store_path), read_only=True)
    cursor = con.cursor()
    pack = build_briefing_pack(cursor, pack_context(cursor, STATE_2025), "camden", today=TODAY)
    con.close()
    images = render_pack_images(pack, with_svg=False)
    pdf = pack_pdf(pack, images)
    document, tree = structure(pdf)
    yield pack, images, pdf, document, tree
    document.close()


def test_the_pdf_is_marked_tagged_in_british_english_and_titled(camden):
    pack, _images, pdf, document, _tree = camden
    catalog = document.Root
    assert bool(catalog.MarkInfo.Marked) is True
    assert "/StructTreeRoot" in catalog and catalog.StructTreeRoot.Type == "/StructTreeRoot"
    assert str(catalog.Lang) == "en-GB"
    assert bool(catalog.ViewerPreferences.DisplayDocTitle) is True
    title = f"{pack.title}, {pack.period.label}"
    assert str(document.docinfo.Title) == title
    xmp = document.open_metadata()
    assert xmp["dc:title"] == title
    assert xmp["pdfuaid:part"] == "1"  # it declares PDF/UA-1
    assert len(PdfReader(io.BytesIO(pdf)).pages) == len(PDF_PAGES)


def test_headings_are_h1_and_h2_in_reading_order_each_page_opening_with_its_h1(camden):
    pack, _images, _pdf, _document, tree = camden
    found = headings(tree)
    assert found == expected_headings(pack)
    assert found[0][0] == "H1"  # no level is skipped: an H2 only ever follows an H1 or an H2
    for page in range(len(PDF_PAGES)):
        assert [tag for tag, _text, on in found if on == page][0] == "H1", page


@needs_chromium
def test_every_figure_has_the_charts_finding_as_its_alternative_text(camden):
    pack, images, _pdf, _document, tree = camden
    assert images.problem is None
    figures = tree.find("Figure")
    assert len(figures) == len(pack.charts)
    pages = {"rolling": 1, "map": 2, "trend": 3, "comparison": 4, "combinations": 6, "offence_types": 6}
    for figure, (key, chart) in zip(figures, pack.charts.items()):
        assert figure.alt and figure.alt.strip(), key
        assert figure.alt == chart_alt_text(chart.answer, chart.heading)
        assert figure.alt.startswith(chart.answer.text.title), key  # the finding first
        assert figure.page == pages[key]
        assert "/BBox" in figure.attributes  # where it is drawn, for reflow


def test_tables_are_tables_of_header_and_data_cells(camden):
    pack, images, _pdf, _document, tree = camden
    changes = pack.stands_out.changes
    expected = [headline_table(pack).frame, pack.rolling.frame]
    expected += [events_table(pack.events)] if pack.events is not None and not pack.events.empty else []
    expected += [table.frame for table in pack.tables]
    expected += [changes.frame.head(STANDS_OUT_CHANGES)] if changes is not None and not changes.frame.empty else []
    tables = tree.find("Table")  # without chart images, each chart's numbers are one more
    assert len(tables) == len(expected) + (len(pack.charts) if images.problem else 0) and expected
    by_header = {tuple(cell.text for cell in table.find("TR")[0].kids): table for table in tables}
    for frame in expected:
        columns = tuple(" ".join(str(column).split()) for column in frame.columns)
        table = by_header[columns]  # the header row names the columns, in TH cells
        header, *body = table.find("TR")
        assert [cell.tag for cell in header.kids] == ["TH"] * len(columns)
        assert len(body) == len(frame)
        assert all([cell.tag for cell in row.kids] == ["TD"] * len(columns) for row in body)
        # Each data cell names its column's header cell.
        ids = [bytes(cell.attributes.get("/Headers", [b""])[0]) for cell in body[0].kids]
        assert all(ids) and len(set(ids)) == len(columns)


def test_every_piece_of_content_is_tagged_once_or_is_an_artifact(camden):
    _pack, _images, _pdf, document, tree = camden
    for index, page in enumerate(document.pages):
        instructions = pikepdf.parse_content_stream(page)
        drawn = sorted(int(instruction.operands[1].MCID) for instruction in instructions
                       if str(instruction.operator) == "BDC" and "/MCID" in instruction.operands[1])
        assert sorted(mcid for on, mcid in tree.mcids if on == index) == drawn, index
        assert any(str(instruction.operator) == "BMC" and instruction.operands[0] == "/Artifact"
                   for instruction in instructions)  # the footer, at least


def test_the_reading_order_is_the_pages_order_with_each_chart_after_its_heading(camden):
    """Each page's tagged text, in the tree's order, is the page's text less its footer;
    each section (one per page) reads heading, then chart, then the note under it."""
    _pack, images, pdf, _document, tree = camden
    sections = tree.find("Sect")
    assert [section.page for section in sections] == list(range(len(PDF_PAGES)))
    for section, page in zip(sections, PdfReader(io.BytesIO(pdf)).pages):
        text = " ".join(page.extract_text().split())
        assert text.startswith(section.text), section.page
        footer = text[len(section.text):]
        assert re.fullmatch(r" Hate crime briefing pack: .*Page \d of 9", footer), footer
    chart_page = [kid.tag for kid in sections[2].kids if kid.text or kid.find("Figure")]
    # The map's page: its heading, the chart (or, without images, a sentence and its numbers), its note.
    assert chart_page == (["H1", "P", "Table", "P"] if images.problem else ["H1", "NonStruct", "P"])
    if not images.problem:
        assert sections[2].kids[1].find("Figure")


def test_the_footer_is_an_artifact_and_the_text_a_reader_gets_has_no_footer(camden):
    pack, _images, pdf, _document, tree = camden
    assert "Page 1 of 9" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()  # drawn on the page
    assert not re.search(r"Page \d of 9", tree.text)  # but not read out as content


def pdfinfo_facts(pdf: bytes, folder) -> dict[str, str]:
    """What poppler's pdfinfo reads from the file, by its names ("Tagged", "Pages")."""
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo is not installed (apt-get install poppler-utils)")
    path = folder / "document.pdf"
    path.write_bytes(pdf)
    output = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in output.splitlines() if ":" in line)


def test_pdfinfo_reads_a_tagged_a4_pdf_of_eight_pages_with_its_title(camden, tmp_path):
    pack = camden[0]
    facts = pdfinfo_facts(camden[2], tmp_path)
    assert facts["Tagged"].strip() == "yes"
    assert facts["Pages"].strip() == str(len(PDF_PAGES))
    assert facts["Title"].strip() == f"{pack.title}, {pack.period.label}"
    assert "(A4)" in facts["Page size"]


CRAFTED_NAME = 'Known <b>incidents</b> "quoted" & </style><script>alert(1)</script> \\ end'


def test_words_from_data_are_escaped_in_the_html_and_read_as_written_in_the_pdf(tmp_path, monkeypatch):
    """A dataset's name is data: it reaches the HTML as text (never as markup, never out
    of a CSS string) and the PDF shows it as written."""
    from exports.briefing_pack import PackImages
    from exports.pack_html import css_string, pack_html
    from queries.store import open_for_writing
    from signin.visibility import Viewer
    from tests.store_fixtures import known_incidents, write_incident_dataset

    path = tmp_path / "crafted.duckdb"
    con = open_for_writing(path)
    write_incident_dataset(con, known_incidents(), name=CRAFTED_NAME, is_synthetic=False)
    con.close()
    monkeypatch.setenv(rendering.BROWSER_PATH_VARIABLE, "/nonexistent/chromium")
    con = duckdb.connect(str(path), read_only=True)
    cursor = con.cursor()
    pack = build_briefing_pack(cursor, pack_context(cursor, STATE_2025, Viewer("analyst")), "camden", today=TODAY)
    con.close()
    images = PackImages(problem="not drawn in this test")
    html = pack_html(pack, images, {key: chart.answer.table for key, chart in pack.charts.items()})
    assert "<script" not in html and "<b>incidents" not in html and html.count("</style>") == 1
    assert "Known &lt;b&gt;incidents&lt;/b&gt; &quot;quoted&quot; &amp; &lt;/style&gt;" in html
    assert css_string('a"b\\c</style>') == '"a\\22 b\\5c c\\3c \\2f style\\3e "'
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(
        pack_pdf(pack, images))).pages)
    assert " ".join(CRAFTED_NAME.split()) in text
