"""The agenda's files with the charts: each series with a new or open signal drawn once,
as What stands out draws it (its expected range, the reviewed month starred), at most
MAX_AGENDA_CHARTS of them, and the files saying how many more there are; the PDF tagged
(PDF/UA-1) with every Figure's alternative text the chart's own words, checked as the
briefing pack's is (tests/test_briefing_pack_tagged.py); the slides one per chart, each
with its source line and, for generated data, the synthetic label.

The store: tests/test_verdicts_and_bands_on_pages.py's (synthetic), where Camden's June
2019 is above its expected range."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

import flask
import pandas as pd
import pikepdf
import pytest
from pptx import Presentation
from pypdf import PdfReader

from charts.context import page_context, store_cursor
from exports.briefing_pack import PackImages
from exports.pack_words import chart_alt_text
from figures.common import SYNTHETIC_LABEL
from figures.trend import REVIEW_TRACE_NAME
from meetings.agenda import meeting_agenda
from meetings.agenda_charts import MAX_AGENDA_CHARTS, agenda_charts
from meetings.agenda_files import CHARTS_HEADING, agenda_pdf, agenda_pptx, render_agenda_images
from queries.store import STORE_EXTENSION, ReadOnlyStore, open_for_writing
from reviews import database
from reviews.access import review_access
from reviews.database import ReviewChange, reviews_path
from settings import Settings
from signin import accounts
from signin.session import SETTINGS_EXTENSION
from signin.visibility import Viewer
from signals.identity import ABOVE_RANGE, Signal
from tests.store_fixtures import CAMDEN, write_incident_dataset
from tests.test_briefing_pack_tagged import headings, needs_chromium, pdfinfo_facts, structure
from tests.test_verdicts_and_bands_on_pages import _incidents

LONDON_2019 = {"dataset_id": 1, "start": "2019-01", "end": "2019-12", "strand": "all", "boroughs": []}
SINCE = dt.date(2019, 1, 1)
CAMDEN_ALL = Signal("synthetic", CAMDEN, "all", "2019-06", ABOVE_RANGE)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("agenda-files")
    con = open_for_writing(folder / "store.duckdb")
    write_incident_dataset(con, _incidents(), name="Rises and falls", is_synthetic=True)
    con.close()
    settings = Settings(sign_in="accounts", secret_key="g" * 32, accounts_path=folder / "accounts.sqlite")
    accounts.add_user(settings.accounts_path, "rev", "a long enough password", accounts.REVIEWER)
    database.record_change(reviews_path(settings.accounts_path), CAMDEN_ALL,
                           ReviewChange("under review", owner="Camden CSP"), user="rev")
    app = flask.Flask(__name__)
    app.extensions[STORE_EXTENSION] = ReadOnlyStore(folder / "store.duckdb")
    app.extensions[SETTINGS_EXTENSION] = settings
    yield app
    app.extensions[STORE_EXTENSION].close()


def agenda_and_charts(server, agenda_change=None):
    with server.test_request_context():
        flask.g.viewer = Viewer("rev")
        cursor = store_cursor()
        context = page_context(cursor, LONDON_2019)
        access = review_access()
        agenda = meeting_agenda(cursor, context, access, SINCE)
        if agenda_change is not None:
            agenda = agenda_change(agenda)
        return agenda, agenda_charts(cursor, context, access, agenda)


@pytest.fixture(scope="module")
def files(server):
    agenda, charts = agenda_and_charts(server)
    images = render_agenda_images(charts)
    return agenda, charts, images, agenda_pdf(agenda, charts, images), agenda_pptx(agenda, charts, images)


def test_each_series_with_a_new_or_open_signal_is_drawn_once_with_its_reviewed_month_starred(files):
    agenda, charts, _images, _pdf, _pptx = files
    keys = [chart.key for chart in charts.charts]
    series = {tuple(signal_id.split("/")[1:3]) for signal_id in [*agenda.new.signal_id, *agenda.open.signal_id]}
    assert len(series) > MAX_AGENDA_CHARTS  # Camden's, Hackney's and London's strands
    assert len(keys) == len(set(keys)) == MAX_AGENDA_CHARTS and charts.left_out == len(series) - MAX_AGENDA_CHARTS
    camden = charts.charts[0]
    assert camden.key == f"{CAMDEN}/all"
    assert camden.heading == "Hate crime offences in Camden in June 2019: above its expected range"
    # What stands out's chart of the series: the two years to the signal's month, its range shaded.
    assert camden.answer.text.title == "Hate crime offences, Camden, Jun 2017 to Jun 2019"
    assert any(trace.get("fill") for trace in camden.answer.figure["data"])
    stars = [trace for trace in camden.answer.figure["data"] if trace.get("name") == REVIEW_TRACE_NAME]
    assert len(stars) == 1 and stars[0]["x"] == ["2019-06-01"] and stars[0]["text"] == ["under review"]
    # Hackney's series is drawn once, to its latest signal's month.
    hackney = [chart.answer.text.title for chart in charts.charts if chart.key.startswith("E09000012/")]
    assert hackney and all(title.endswith("Oct 2017 to Oct 2019") for title in hackney)
    assert camden.export.is_synthetic and camden.export.area_label == "Camden"


@needs_chromium
def test_the_agenda_pdf_is_tagged_and_every_figure_has_its_charts_words_as_alternative_text(files):
    _agenda, charts, images, pdf, _pptx = files
    assert images.problem is None
    document, tree = structure(pdf)
    assert bool(document.Root.MarkInfo.Marked) and str(document.Root.Lang) == "en-GB"
    assert document.open_metadata()["pdfuaid:part"] == "1"
    drawn = [chart for chart in charts.charts if chart.answer.message is None]
    figures = tree.find("Figure")
    assert drawn and len(figures) == len(drawn)
    for figure, chart in zip(figures, drawn):
        assert figure.alt == chart_alt_text(chart.answer, chart.heading)
        assert figure.alt.startswith(chart.answer.text.title)
    found = headings(tree)
    assert ("H1", CHARTS_HEADING) in [(tag, text) for tag, text, _page in found]
    assert [text for tag, text, _page in found if tag == "H2"][-len(charts.charts):] == \
        [chart.heading for chart in charts.charts]
    for index, page in enumerate(document.pages):
        instructions = pikepdf.parse_content_stream(page)
        marked = sorted(int(instruction.operands[1].MCID) for instruction in instructions
                        if str(instruction.operator) == "BDC" and "/MCID" in instruction.operands[1])
        assert sorted(mcid for on, mcid in tree.mcids if on == index) == marked, index
    document.close()


def test_every_page_of_the_pdf_and_every_slide_carries_the_synthetic_label(files):
    _agenda, charts, _images, pdf, pptx = files
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) >= 2  # the tables, then the charts on a page of their own
    for page in pages:
        assert SYNTHETIC_LABEL in " ".join(page.extract_text().split())
    slides = list(Presentation(io.BytesIO(pptx)).slides)
    for slide in slides:
        text = " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
        assert SYNTHETIC_LABEL in text, slide.shapes.title.text


@needs_chromium
def test_the_slides_hold_one_slide_per_chart_titled_by_its_signal_with_the_picture_described(files):
    _agenda, charts, _images, _pdf, pptx = files
    slides = list(Presentation(io.BytesIO(pptx)).slides)
    chart_slides = slides[-len(charts.charts):]
    assert [slide.shapes.title.text for slide in chart_slides] == [chart.heading for chart in charts.charts]
    for slide, chart in zip(chart_slides, charts.charts):
        pictures = [shape for shape in slide.shapes if shape.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        if chart.answer.message is None:
            assert len(pictures) == 1
            assert pictures[0]._element.nvPicPr.cNvPr.get("descr") == chart_alt_text(chart.answer, chart.heading)
            text = " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
            assert chart.answer.text.source in text
        else:
            assert not pictures


def test_pdfinfo_reads_the_agenda_as_tagged(files, tmp_path):
    facts = pdfinfo_facts(files[3], tmp_path)
    assert facts["Tagged"].strip() == "yes" and "(A4)" in facts["Page size"]


def test_more_series_than_the_files_draw_are_counted_and_the_page_named(server):
    boroughs = ["E09000002", "E09000003", "E09000004", "E09000005", "E09000006", CAMDEN, "E09000008",
                "E09000009", "E09000010", "E09000011"]
    signal_ids = [Signal("synthetic", code, "all", "2019-12", ABOVE_RANGE).signal_id for code in boroughs]
    # Reviews may name any area of the right form: the City of London (no Met data), a code
    # no borough has, a month the dataset does not hold. None is drawn, none counted.
    signal_ids += [Signal("synthetic", "E09000001", "all", "2019-12", ABOVE_RANGE).signal_id,
                   Signal("synthetic", "E09999999", "all", "2019-12", ABOVE_RANGE).signal_id,
                   Signal("synthetic", CAMDEN, "race", "2031-01", ABOVE_RANGE).signal_id]

    def many(agenda):
        return replace(agenda, new=pd.DataFrame({"Signal": signal_ids, "First seen": SINCE, "Offences": 1,
                                                 "Status": "new", "Owner": "", "signal_id": signal_ids}),
                       open=agenda.open.head(0))

    agenda, charts = agenda_and_charts(server, many)
    assert len(charts.charts) == MAX_AGENDA_CHARTS and charts.left_out == len(boroughs) - MAX_AGENDA_CHARTS
    sentence = charts.left_out_sentence
    assert sentence.startswith("2 more series with a new or open signal are not drawn here")
    assert "Since the last meeting page lists every signal" in sentence
    images = PackImages(problem="not drawn in this test")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(
        agenda_pdf(agenda, charts, images))).pages)
    assert sentence in text and "Chart not drawn (not drawn in this test)" in text
    first_slide = list(Presentation(io.BytesIO(agenda_pptx(agenda, charts, images))).slides)[0]
    assert sentence in " ".join(shape.text_frame.text for shape in first_slide.shapes if shape.has_text_frame)
