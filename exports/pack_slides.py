"""The briefing pack as a PowerPoint file (python-pptx), for report writers who build
their slides from it: a title slide, the headline figures, one slide per chart (the
finding as the title, the image with its alternative text, the source line, and the
chart's numbers in the speaker notes), What stands out, and the caveats and sources.

Tables are PowerPoint tables, so their numbers can be edited and restyled; long ones
show their first rows and say the ZIP's CSV has them all.
"""

from __future__ import annotations

import io
from dataclasses import replace

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from components.notices import CAVEATS, OVERLAP_WARNING
from exports.briefing_pack import STANDS_OUT_CHANGES, BriefingPack, PackImages, PackTable, chart_tables
from exports.pack_html import PARTNER_TABLE_ROWS
from exports.pack_words import chart_alt_text, format_cell, headline_table, pack_sources, title_lines
from figures.common import SYNTHETIC_LABEL
from figures.tables import shown_values
from stands_out.change_test import CHANGE_TEST_SENTENCE
from stands_out.expected_range import METHOD_SENTENCE

WIDE = (Inches(13.333), Inches(7.5))  # 16:9, PowerPoint's default
MARGIN = Inches(0.5)
TITLE_HEIGHT = Inches(1.1)
SOURCE_HEIGHT = Inches(0.55)
TITLE_ONLY_LAYOUT = 5  # in python-pptx's default template
TITLE_LAYOUT = 0
TABLE_ROWS_ON_A_SLIDE = 12
WARNING = RGBColor(0x85, 0x64, 0x04)


def pack_pptx(pack: BriefingPack, images: PackImages) -> bytes:
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDE
    _title_slide(deck, pack, images)
    _table_slide(deck, f"Headline figures: {pack.area_name}", headline_table(pack), pack,
                 notes=f"{pack.context.strand_label}. Period {pack.period.label}.")
    _table_slide(deck, pack.rolling.heading, pack.rolling, pack, notes=CHANGE_TEST_SENTENCE)
    tables = chart_tables(pack)
    for key, chart in pack.charts.items():
        _chart_slide(deck, pack, images, key, tables[key])
    if pack.stands_out is not None:
        _stands_out_slides(deck, pack)
    if pack.partners is not None and pack.partners.table.message is None:
        table = pack.partners.table
        _table_slide(deck, table.heading, replace(table, frame=table.frame.head(PARTNER_TABLE_ROWS)), pack,
                     notes=table.note)
    _caveats_slide(deck, pack)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _slide(deck, title: str):
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY_LAYOUT])
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = MARGIN, Inches(0.25), deck.slide_width - 2 * MARGIN, TITLE_HEIGHT
    shape.text = title
    for paragraph in shape.text_frame.paragraphs:
        paragraph.font.size = Pt(26)
    shape.text_frame.word_wrap = True
    return slide


def _text_box(slide, left, top, width, height, lines: list[str], size: int = 14, color: RGBColor | None = None):
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for number, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size = Pt(size)
        if color is not None:
            paragraph.font.color.rgb = color
    return frame


def _source_line(deck, slide, pack: BriefingPack, source: str) -> None:
    warning = pack.is_synthetic and SYNTHETIC_LABEL not in source
    lines = [source] + ([f"{SYNTHETIC_LABEL}: do not quote these figures."] if warning else [])
    _text_box(slide, MARGIN, deck.slide_height - SOURCE_HEIGHT - Inches(0.1), deck.slide_width - 2 * MARGIN,
              SOURCE_HEIGHT, lines, size=10)


def _title_slide(deck, pack: BriefingPack, images: PackImages) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_LAYOUT])
    slide.shapes.title.text = f"Hate crime briefing pack: {pack.area_name}"
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = MARGIN, Inches(0.8), deck.slide_width - 2 * MARGIN, Inches(1.6)
    subtitle = slide.placeholders[1]
    # Placed, not left to the template: the warnings below must never sit on these lines.
    subtitle.left, subtitle.top = MARGIN, Inches(2.6)
    subtitle.width, subtitle.height = deck.slide_width - 2 * MARGIN, Inches(2.6)
    subtitle.text_frame.text = title_lines(pack)[0]
    for line in title_lines(pack)[1:]:
        subtitle.text_frame.add_paragraph().text = line
    for paragraph in subtitle.text_frame.paragraphs:
        paragraph.font.size = Pt(14)
    warnings = ([f"{SYNTHETIC_LABEL}. This pack was made from generated data to show what the dashboard can "
                 "do. Do not quote these figures."] if pack.is_synthetic else [])
    if images.problem:
        warnings.append(f"Charts are not drawn in this pack. {images.problem} Each chart slide gives the chart's "
                        "numbers instead.")
    _text_box(slide, MARGIN, Inches(5.4), deck.slide_width - 2 * MARGIN, Inches(1.8),
              warnings + [OVERLAP_WARNING], size=12, color=WARNING)


def _table_slide(deck, title: str, table: PackTable, pack: BriefingPack, notes: str = "") -> None:
    slide = _slide(deck, title)
    top = MARGIN + TITLE_HEIGHT
    _add_table(slide, table.frame, table.formats, MARGIN, top, deck.slide_width - 2 * MARGIN,
               deck.slide_height - top - SOURCE_HEIGHT - Inches(0.3))
    more = len(table.frame) - TABLE_ROWS_ON_A_SLIDE
    extra = [f"And {more} more rows: the ZIP's '{table.name}' CSV has them all."] if more > 0 else []
    _source_line(deck, slide, pack, " ".join([table.note or "", *extra]).strip() or pack.context.source)
    slide.notes_slide.notes_text_frame.text = "\n".join(filter(None, [notes, table.note or ""]))


def _add_table(slide, frame: pd.DataFrame, formats: dict, left, top, width, height) -> None:
    shown = frame.head(TABLE_ROWS_ON_A_SLIDE)
    rows, columns = len(shown) + 1, max(len(shown.columns), 1)
    table = slide.shapes.add_table(rows, columns, left, top, width, Emu(min(height, Inches(0.4) * rows))).table
    for column, name in enumerate(shown.columns):
        table.cell(0, column).text = str(name)
    for row, record in enumerate(shown.astype(object).itertuples(index=False), start=1):
        for column, (value, name) in enumerate(zip(record, shown.columns)):
            table.cell(row, column).text = format_cell(value, name, formats)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.text_frame.paragraphs:
                paragraph.font.size = Pt(12)


def _chart_slide(deck, pack: BriefingPack, images: PackImages, key: str, numbers: pd.DataFrame) -> None:
    chart = pack.charts[key]
    text = chart.answer.text
    slide = _slide(deck, text.title or chart.heading)
    top = MARGIN + TITLE_HEIGHT
    room_high = deck.slide_height - top - SOURCE_HEIGHT - Inches(0.3)
    room_wide = deck.slide_width - 2 * MARGIN
    if key in images.png:
        picture = slide.shapes.add_picture(io.BytesIO(images.png[key]), MARGIN, top)
        scale = min(room_wide / picture.width, room_high / picture.height)
        picture.width, picture.height = int(picture.width * scale), int(picture.height * scale)
        picture.left = int(MARGIN + (room_wide - picture.width) / 2)
        # Alternative text, which PowerPoint reads out and keeps when the slide is reused.
        picture._element.nvPicPr.cNvPr.set("descr", chart_alt_text(chart.answer, chart.heading))
    else:
        _text_box(slide, MARGIN, top, room_wide, Inches(0.5),
                  [f"Chart not drawn ({images.problem or 'no image'}). The numbers it shows:"], size=12)
        _add_table(slide, numbers, {}, MARGIN, top + Inches(0.6), room_wide, room_high - Inches(0.6))
    _source_line(deck, slide, pack, text.source or pack.context.source)
    slide.notes_slide.notes_text_frame.text = "\n".join(filter(None, [
        chart.heading, *text.subtitle, chart.note, "The numbers drawn:", _as_text(numbers)]))


def _as_text(frame: pd.DataFrame) -> str:
    """The table as tab-separated lines, each number at the precision the page shows it:
    it pastes into Excel or Word as a table."""
    return shown_values(frame).to_csv(sep="\t", index=False).strip()


def _stands_out_slides(deck, pack: BriefingPack) -> None:
    stands_out = pack.stands_out
    slide = _slide(deck, f"What stands out: {pack.area_name}. {stands_out.months_heading}")
    lines = [f"{number}. {sentence}" for number, sentence in enumerate(stands_out.sentences, start=1)]
    if stands_out.more_sentences:
        lines.append(f"And {stands_out.more_sentences} more, less far above their range: the ZIP's "
                     f"'{stands_out.months_above.name}' CSV lists them all.")
    if stands_out.by_chance:
        lines.append(stands_out.by_chance)
    frame = _text_box(slide, MARGIN, MARGIN + TITLE_HEIGHT, deck.slide_width - 2 * MARGIN, Inches(5), lines,
                      size=14)
    method = frame.add_paragraph()
    method.text = METHOD_SENTENCE
    method.font.size = Pt(11)
    method.space_before = Pt(12)
    _source_line(deck, slide, pack, pack.context.source)
    if stands_out.changes is not None and not stands_out.changes.frame.empty:
        changes = replace(stands_out.changes, heading=stands_out.changes_heading,
                          frame=stands_out.changes.frame.head(STANDS_OUT_CHANGES), note=stands_out.changes_note)
        _table_slide(deck, stands_out.changes_heading, changes, pack, notes=CHANGE_TEST_SENTENCE)


def _caveats_slide(deck, pack: BriefingPack) -> None:
    slide = _slide(deck, "Read before drawing conclusions")
    lines = [OVERLAP_WARNING] + [f"{title}. {text}" for title, text in CAVEATS] + \
        ["Sources:"] + [f"{what}. {text}" for what, text in pack_sources(pack)]
    _text_box(slide, MARGIN, MARGIN + TITLE_HEIGHT, deck.slide_width - 2 * MARGIN,
              deck.slide_height - MARGIN - TITLE_HEIGHT - Inches(0.3), lines, size=11)
