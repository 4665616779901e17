"""The briefing pack as PowerPoint (exports/pack_slides.py): one slide per chart titled
with its finding, the image with alternative text, the source line and the synthetic
label on the slide, the chart's numbers in the notes; tables as PowerPoint tables.
Opened with python-pptx, as a report writer's PowerPoint would read it."""

import io

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from exports import rendering
from exports.briefing_pack import PackImages
from exports.pack_documents import headline_table
from exports.pack_slides import pack_pptx
from figures.common import SYNTHETIC_LABEL
from tests.test_briefing_pack import QUERY_2025, camden_pack  # noqa: F401 (the module's pack, built once)

PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


@pytest.fixture(scope="module")
def deck(camden_pack):  # noqa: F811
    pack, images, _pdf, _zip = camden_pack
    return pack, Presentation(io.BytesIO(pack_pptx(pack, images)))


def _texts(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def _slide_titled(deck, title):
    return next(slide for slide in deck.slides if slide.shapes.title is not None and slide.shapes.title.text == title)


def test_every_chart_has_a_slide_titled_with_its_finding_with_alt_text_and_its_numbers_in_the_notes(deck):
    pack, presentation = deck
    for key, chart in pack.charts.items():
        slide = _slide_titled(presentation, chart.answer.text.title)
        pictures = [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1, key
        alt_text = pictures[0]._element.nvPicPr.cNvPr.get("descr")
        assert alt_text.startswith(chart.answer.text.title), key
        assert pictures[0].left >= 0 and pictures[0].left + pictures[0].width <= presentation.slide_width
        assert pictures[0].top + pictures[0].height <= presentation.slide_height
        notes = slide.notes_slide.notes_text_frame.text
        table = chart.answer.table
        assert "\t".join(str(column) for column in table.columns) in notes, key
        assert len(notes.splitlines()) >= len(table), key


def test_every_chart_slide_carries_its_source_and_the_synthetic_label(deck):
    pack, presentation = deck
    assert pack.is_synthetic
    for chart in pack.charts.values():
        text = _texts(_slide_titled(presentation, chart.answer.text.title))
        assert SYNTHETIC_LABEL in text


def test_the_headline_figures_are_a_powerpoint_table_with_the_packs_numbers(deck):
    pack, presentation = deck
    slide = _slide_titled(presentation, f"Headline figures: {pack.area_name}")
    table = next(shape.table for shape in slide.shapes if shape.has_table)
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    expected = headline_table(pack).frame
    assert cells[0] == list(expected.columns)
    assert [row[1] for row in cells[1:]] == list(expected["Figure"])


def test_the_deck_opens_with_the_title_and_ends_with_the_caveats_and_sources(deck):
    pack, presentation = deck
    slides = list(presentation.slides)
    assert slides[0].shapes.title.text == f"Hate crime briefing pack: {pack.area_name}"
    assert pack.period.label in _texts(slides[0])
    assert slides[-1].shapes.title.text == "Read before drawing conclusions"
    assert "Borough boundaries" in _texts(slides[-1]) and "Strands overlap" in _texts(slides[-1])


def test_without_chart_images_each_chart_slide_shows_its_numbers_as_a_table(deck):
    pack, _presentation = deck
    presentation = Presentation(io.BytesIO(pack_pptx(pack, PackImages(problem="No Chromium here."))))
    assert "Charts are not drawn in this pack. No Chromium here." in _texts(list(presentation.slides)[0])
    for chart in pack.charts.values():
        slide = _slide_titled(presentation, chart.answer.text.title)
        assert any(shape.has_table for shape in slide.shapes)


def test_pack_route_serves_a_named_powerpoint(client, monkeypatch):
    monkeypatch.setenv(rendering.BROWSER_PATH_VARIABLE, "/nonexistent/chromium")  # the slides, not the drawing
    response = client.get(f"/export/briefing-pack.pptx?{QUERY_2025}&area=camden")
    assert response.status_code == 200 and response.mimetype == PPTX_TYPE
    assert response.headers["Content-Disposition"].endswith('briefing-pack.pptx"')
    assert Presentation(io.BytesIO(response.data)).slides[0].shapes.title.text == \
        "Hate crime briefing pack: Camden"
